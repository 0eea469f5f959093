/** Error codes the investor journey (registration, risk assessment, investing, top-ups, withdrawals) raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type InvestingErrorCode =
  | "investor.name_invalid"
  | "investor.id_number_invalid"
  | "investor.id_number_checksum"
  | "investor.id_number_birth_date"
  | "investor.underage"
  | "investor.id_number_taken"
  | "investor.bank_invalid"
  | "investor.bank_card_invalid"
  | "investor.consent_required"
  | "investor.already_registered"
  | "investor.not_registered"
  | "risk.incomplete"
  | "risk.assessment_required"
  | "risk.assessment_expired"
  | "risk.grade_too_low"
  | "invest.loan_not_open"
  | "invest.amount_invalid"
  | "invest.amount_step"
  | "invest.amount_below_minimum"
  | "invest.amount_above_left"
  | "invest.insufficient_balance"
  | "invest.own_loan"
  | "invest.idempotency_conflict"
  | "invest.cancel_loan_full"
  | "invest.cancel_disbursing"
  | "invest.cancel_loan_closed"
  | "investment.not_found"
  /** An auto-invest rule would pass the part of a new loan kept for manual investors (services/auto-invest). */
  | "invest.auto_share_reserved"
  | "topup.amount_invalid"
  | "topup.card_not_configured"
  | "topup.card_unavailable"
  | "topup.not_found"
  | "topup.receipt_invalid"
  | "topup.receipt_taken"
  | "topup.investor_not_found"
  | "topup.no_store"
  | "withdrawal.amount_invalid"
  | "withdrawal.insufficient_balance"
  | "withdrawal.daily_limit"
  | "withdrawal.not_found"
  | "withdrawal.already_decided"
  | "withdrawal.own_request"
  | "withdrawal.reason_required"
  | "statement.year_out_of_range";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    investing: InvestingErrorCode;
  }
}
