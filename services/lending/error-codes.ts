/** Error codes products, repayment schedules and loans raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type LendingErrorCode =
  | "schedule.invalid_principal"
  | "schedule.invalid_rate"
  | "schedule.invalid_term"
  | "schedule.invalid_method"
  | "schedule.invalid_date"
  | "product.invalid"
  | "product.not_found"
  | "loan.invalid"
  | "loan.not_found";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    lending: LendingErrorCode;
  }
}
