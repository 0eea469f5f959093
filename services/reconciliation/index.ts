export { parseStatement } from "./parse-statement";
export { parseStripeBalance, STRIPE_BALANCE_COLUMNS } from "./parse-stripe-balance";
export { parseCustodyStatement, CUSTODY_STATEMENT_COLUMNS } from "./parse-custody-statement";
export { parsePassbookResult, PASSBOOK_RESULT_COLUMNS } from "./parse-passbook-result";
export { parsePhonebillSettlement, PHONEBILL_SETTLEMENT_COLUMNS } from "./parse-phonebill-settlement";
export { parseStoreCash, STORE_CASH_COLUMNS } from "./parse-store-cash";
export { theirLinesFromStatement } from "./to-their-lines";
export {
  matchLines,
  type MatchConfig,
  type MatchResult,
  type MatchStatus,
  type MatchTier,
  type OurItem,
  type TheirLine,
} from "./match-lines";
export {
  STATEMENT_SOURCES,
  type CustodyStatementLine,
  type FileRejectionReason,
  type ParsedStatement,
  type PassbookResultLine,
  type PhonebillSettlementLine,
  type StatementSource,
  type StoreCashLine,
  type StripeBalanceLine,
} from "./types";
