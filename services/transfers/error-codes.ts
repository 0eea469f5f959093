/** Error codes the debt transfer market (债权转让) raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type TransferErrorCode =
  | "transfer.not_found"
  | "transfer.not_available"
  | "transfer.no_claim"
  | "transfer.principal_invalid"
  | "transfer.principal_too_small"
  | "transfer.principal_above_claim"
  | "transfer.price_rate_invalid"
  | "transfer.price_out_of_bounds"
  | "transfer.holding_period"
  | "transfer.loan_overdue"
  | "transfer.loan_not_repaying"
  | "transfer.already_listed"
  | "transfer.own_listing"
  | "transfer.price_changed"
  | "transfer.insufficient_balance"
  | "transfer.key_invalid";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    transfers: TransferErrorCode;
  }
}
