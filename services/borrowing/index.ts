export { accessAs, loadApplicationFor, type AccessAs, type Actor, type Application } from "./access";
export {
  APPLICATION_STEPS,
  LOAN_PURPOSES,
  firstIncompleteStep,
  getApplicationForActor,
  productMatchesFor,
  revealPassbookAccount,
  saveApplicationStep,
  startApplication,
  startStoreApplication,
  storeCodeSubject,
  submitApplication,
  type ApplicationStep,
  type StepValues,
} from "./applications";
export { AGREEMENT_KINDS, AGREEMENT_TITLES, TEMPLATE_VERSIONS, renderAgreement, renderAgreements, type AgreementKind, type RenderedAgreement } from "./agreements";
export { agreementPdf, cjkFontPath } from "./agreement-pdf";
export { amountInWords } from "./amount-in-words";
export { CODE_TTL_MS, checkBorrowingCode, sendBorrowingCode, type CodePurpose } from "./codes";
export { REJECT_REASONS, approveApplication, confirmApproval, declineApproval, recordCallback, rejectApplication, type CallbackOutcome, type RejectReason } from "./decisions";
export { INVESTORS_PER_DISBURSEMENT_ENTRY, disburseLoan, listAwaitingDisbursement, listRecentDisbursements, type DisbursementChannel } from "./disbursement";
export { personExposure } from "./exposure";
export { maskIdNumber, parseResidentId, idCheckCharacter } from "./id-number";
export { allInAnnualCost, legalCap } from "./irr";
export { matchProducts, type ProductMatch, type Reason } from "./matching";
export { buildOffer, type Offer } from "./offer";
export { SANDBOX_SUBSCRIBERS, createSandboxOperatorData, type OperatorDataAdapter } from "./operator-data";
export { changeRepaymentChannel, currentRepaymentChannel } from "./repayment-channel";
export { evaluateRules, type ReviewFacts, type RuleResult } from "./review-rules";
export { addRiskListEntry, listRiskListEntries, removeRiskListEntry } from "./risk-lists";
export { DEFAULT_BORROWING_SETTINGS, getBorrowingSettings, updateBorrowingSettings, type BorrowingSettings, type SettingsView } from "./settings";
export { REPAYMENT_CHANNELS, agreementContext, chooseRepaymentChannel, contractNo, previewAgreements, signAgreements, type RepaymentChannel } from "./signing";
export { applicationDetail, getSignature, listBorrowerApplications, riskQueue, storeApplications, type ApplicationDetail } from "./views";
export { editProduct, listProductLibrary, withdrawProduct } from "./product-admin";
export type { BorrowingErrorCode } from "./error-codes";
