/** Error codes of bank payouts (withdrawals and disbursements); the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type PayoutsErrorCode =
  | "payout.not_found"
  | "payout.already_decided"
  | "payout.own_request"
  | "payout.same_approver"
  | "payout.not_funded"
  | "payout.wrong_channel"
  | "payout.bank_not_configured";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    payouts: PayoutsErrorCode;
  }
}
