/** Error codes reconciliation (statement files, breaks, sign-off) raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type ReconciliationErrorCode =
  | "reconciliation.file_rejected"
  | "reconciliation.file_too_large"
  | "reconciliation.unknown_source"
  | "reconciliation.invalid_date"
  | "reconciliation.break_not_found"
  | "reconciliation.break_not_open"
  | "reconciliation.note_required"
  | "reconciliation.line_not_found"
  | "reconciliation.item_not_found"
  | "reconciliation.open_breaks"
  | "reconciliation.clearing_not_expected"
  | "reconciliation.bank_balance_differs"
  | "reconciliation.already_signed_off"
  | "reconciliation.day_signed_off";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    reconciliation: ReconciliationErrorCode;
  }
}
