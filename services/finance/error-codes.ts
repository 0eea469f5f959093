/** Error codes manual ledger adjustments (propose, decide) raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type FinanceErrorCode =
  | "adjustment.reason_required"
  | "adjustment.account_not_found"
  | "adjustment.not_found"
  | "adjustment.already_decided"
  | "adjustment.own_proposal"
  /** The proposing form's key is missing or malformed (a stale or hand-made page). */
  | "adjustment.form_expired";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    finance: FinanceErrorCode;
  }
}
