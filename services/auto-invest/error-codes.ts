/** Error codes auto-invest (自动投标) raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type AutoInvestErrorCode =
  | "auto_invest.name_invalid"
  | "auto_invest.rate_invalid"
  | "auto_invest.rate_range"
  | "auto_invest.term_invalid"
  | "auto_invest.term_range"
  | "auto_invest.methods_required"
  | "auto_invest.risk_levels_required"
  | "auto_invest.risk_above_grade"
  | "auto_invest.amount_per_loan_invalid"
  | "auto_invest.max_total_invalid"
  | "auto_invest.max_total_below_per_loan"
  | "auto_invest.cash_to_keep_invalid"
  | "auto_invest.too_many_rules"
  | "auto_invest.not_found";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    autoInvest: AutoInvestErrorCode;
  }
}
