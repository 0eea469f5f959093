// The debt transfer market (债权转让, issue 19): holders list part or all of a claim, other investors buy it;
// the claim stays the ledger's claim account. docs/decisions/2026-12-04-debt-transfer.md.
export { listClaimForTransfer, type TransferListing } from "./list-claim";
export { cancelTransferListing } from "./cancel-listing";
export { buyTransferListing } from "./buy-listing";
export { sweepTransferListings, type SweptListings } from "./sweep-listings";
export { listTransferMarket } from "./list-transfer-market";
export { getTransferListing } from "./get-transfer-listing";
export { previewListing, type ListingPreview } from "./preview-listing";
export { listMyTransfers, type MyTransfer } from "./list-my-transfers";
export { quoteTransfer, priceBounds, type TransferQuote } from "./quote-transfer";
export { transferPostings } from "./transfer-postings";
export { parseListingPrincipal, parsePricePercent } from "./parse-listing";
export type { ListingView } from "./listing-view";
export { TRANSFER_SETTINGS, TRANSFER_SETTING_BOUNDS, MARKET_PAGE_SIZE, type TransferSettings } from "./limits";
export type { TransferErrorCode } from "./error-codes";
export { getTransferAgreement, transferAgreementPdf, type TransferAgreement } from "./transfer-agreement";
export { getTransferSettings, type TransferSettingsView } from "./get-transfer-settings";
export { updateTransferSettings, checkTransferSettings, type TransferSettingsInput } from "./update-transfer-settings";
