export { parseStatement } from "./parse-statement";
export { parseStripeBalance, STRIPE_BALANCE_COLUMNS } from "./parse-stripe-balance";
export { parseCustodyStatement, CUSTODY_STATEMENT_COLUMNS } from "./parse-custody-statement";
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
export { type CustodyStatementLine, type FileRejectionReason, type ParsedStatement, type StatementSource, type StripeBalanceLine } from "./types";
export {
  STATEMENT_SOURCES,
  DEFAULT_MATCH_CONFIG,
  MAX_STATEMENT_BYTES,
  channelAccounts,
  channelNames,
  isChannel,
  statementChannel,
  statementChannels,
  type Channel,
} from "./channels";
export { importStatement, type ImportActor, type ImportedStatement } from "./import-statement";
export { importStripeBalanceFromApi } from "./import-stripe-balance-from-api";
export { listOurItems, type OurItemView } from "./list-our-items";
export { reconcileDay, RECONCILIATION_ACTOR, type DayRun } from "./reconcile-day";
export { loadResultsWithState, type BreakState, type ResultWithState } from "./load-breaks";
export { linkLines } from "./link-lines";
export { proposeBreakAdjustment } from "./propose-break-adjustment";
export { markTimingDifference } from "./mark-timing-difference";
export { signOffDay } from "./sign-off-day";
export { checkClearingBalance, type ClearingCheck } from "./check-clearing-balance";
export { getReconciliationOverview, getReconciliationDay, type ChannelDayStatus } from "./get-reconciliation-overview";
export { breaksReportCsv } from "./breaks-report-csv";
export { generateSandboxStatements, type GeneratedStatement } from "./generate-sandbox-statements";
export { importSandboxCustodyStatement } from "./import-sandbox-custody-statement";
export { sandboxCustodyStatementFileName } from "./custody-statement-channel";
