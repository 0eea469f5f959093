export { bookCustodySettlements, MAX_SETTLEMENT_LINES_PER_FILE, type BookedSettlement, type CustodyLine } from "./book-custody-settlements";
export { listCustodySettlements } from "./list-custody-settlements";
export {
  CUSTODY_SETTLEMENT_KIND,
  custodyLineKey,
  passbookSweepReference,
  SETTLEMENT_CLEARING,
  settlementKindOf,
  type SettlementKind,
} from "./settlement-references";
export { sandboxCustodySettlements, type SandboxSettlementLine } from "./sandbox-custody-settlements";
export { listAgedClearingItems, DEFAULT_CLEARING_MAX_AGE_DAYS, type AgedClearingItems } from "./list-aged-clearing-items";
export { checkCustodyNeverNegative } from "./check-custody";
