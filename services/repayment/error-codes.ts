/**
 * Error codes the repayment journey raises (joined into services/shared/errors.ts ErrorCode).
 * `statement.file_rejected` is the one refusal of a statement file (services/statements),
 * whether a channel's import or reconciliation read it.
 */
export type RepaymentErrorCode =
  | "repayment.loan_not_found"
  | "repayment.loan_not_disbursed"
  | "repayment.invalid_amount"
  | "repayment.invalid_reference"
  | "repayment.payoff_short"
  | "repayment.nothing_due"
  | "repayment.store_required"
  | "repayment.wallet_overpayment"
  | "repayment.wallet_insufficient"
  | "repayment.batch_too_large"
  | "repayment.borrower_not_found"
  | "repayment.receipt_taken"
  | "repayment.day_closed"
  | "repayment.lookup_invalid"
  | "repayment.invalid_date"
  | "repayment.not_found"
  | "repayment.in_flight"
  | "repayment.collecting"
  | "repayment.no_passbook"
  | "repayment.repay_now_unavailable"
  | "statement.file_rejected"
  | "repayment.unknown_reference"
  | "collections.case_not_found"
  | "collections.not_assigned"
  | "collections.outside_hours"
  | "collections.daily_cap"
  | "collections.invalid"
  | "certificate.not_settled";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    repayment: RepaymentErrorCode;
  }
}
