export { openAccount, type OpenAccountInput } from "./open-account";
export { getAccount, getAccountByCode, getAccountsByCodes } from "./get-account";
export { findAccounts, type FindAccountsInput } from "./find-accounts";
export { chart } from "./chart";
export { postEntry } from "./post-entry";
export { postEntries } from "./post-entries";
export { reverseEntry, type ReverseEntryInput } from "./reverse-entry";
export { placeHold, type PlaceHoldInput, type PlacedHold } from "./place-hold";
export { postHold, type PostHoldInput, type PostedHold } from "./post-hold";
export { voidHold, type VoidHoldInput } from "./void-hold";
export { getHold } from "./get-hold";
export { getEntry, type EntryDetail } from "./get-entry";
export { getBalance, type AccountBalance } from "./get-balance";
export { getStatement, type Statement, type StatementInput, type StatementLine } from "./get-statement";
export { trialBalance, trialBalanceAccounts, type TrialBalance, type TrialBalanceClass, type TrialBalanceLine, type TrialBalancePage } from "./trial-balance";
export { searchJournal, type SearchJournalInput } from "./search-journal";
export { checkLedger, formatLedgerCheck, type LedgerCheckReport, type LedgerViolation } from "./check-ledger";
export { validatePostings, type PostEntryInput, type PostingInput } from "./validate-entry";
export type { PostedEntry } from "./write-entries";
export { Cny, parseAmountCny, parsePositiveAmountCny, formatCny, ZERO_CNY } from "./money";
export { isTypedAmount, parseTypedAmount, parseFormAmount, TYPED_AMOUNT_MAX_INTEGER_DIGITS } from "./money-input";
export * as ledgerLimits from "./limits";
export type {
  AccountType,
  Actor,
  BalanceRule,
  Cause,
  CauseType,
  Hold,
  HoldStatus,
  JournalEntry,
  LedgerAccount,
  NormalSide,
  Posting,
} from "./types";
export { normalSideOf } from "./types";
export type { LedgerErrorCode } from "./error-codes";
export { makeBalanceSnapshots, type MadeSnapshots } from "./make-balance-snapshots";
export { balancesAsOfSql, snapshotDayFor, type ReadBound } from "./balances-as-of";
