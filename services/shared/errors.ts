import type { BorrowingErrorCode } from "../borrowing/error-codes";
import type { RepaymentErrorCode } from "../repayment/error-codes";
import type { CollectionsErrorCode } from "../collections/error-codes";

/**
 * Every error a service raises on purpose carries a stable code; the UI turns the
 * code into a message in the user's language (app/i18n: `error.<code>`), and
 * `field` says which form field it belongs beside.
 */
export type ErrorCode =
  | "operator.not_found"
  | "operator.invalid_slug"
  | "operator.invalid_name"
  | "operator.invalid_colour"
  | "operator.slug_taken"
  | "staff.unknown_role"
  | "phone.invalid"
  | "sms.throttled_phone"
  | "sms.throttled_ip"
  | "sms.no_code"
  | "sms.code_expired"
  | "sms.code_wrong"
  | "sms.too_many_attempts"
  | "auth.wrong_credentials"
  | "auth.locked"
  | "auth.password_too_weak"
  | "auth.second_factor_wrong"
  | "auth.second_factor_not_enrolled"
  | "auth.second_factor_already_enrolled"
  | "schedule.invalid_principal"
  | "schedule.invalid_rate"
  | "schedule.invalid_term"
  | "schedule.invalid_method"
  | "schedule.invalid_date"
  | "product.invalid"
  | "product.not_found"
  | "loan.invalid"
  | "loan.not_found"
  | "adjustment.reason_required"
  | "adjustment.account_not_found"
  | "adjustment.not_found"
  | "adjustment.already_decided"
  | "adjustment.own_proposal"
  | "ledger.invalid_amount"
  | "ledger.too_many_decimals"
  | "ledger.amount_out_of_range"
  | "ledger.zero_amount"
  | "ledger.too_few_postings"
  | "ledger.too_many_postings"
  | "ledger.duplicate_account"
  | "ledger.unbalanced"
  | "ledger.currency_mismatch"
  | "ledger.unsupported_currency"
  | "ledger.account_not_found"
  | "ledger.account_conflict"
  | "ledger.invalid_account_code"
  | "ledger.invalid_key"
  | "ledger.invalid_kind"
  | "ledger.invalid_memo"
  | "ledger.invalid_actor"
  | "ledger.insufficient_funds"
  | "ledger.idempotency_conflict"
  | "ledger.entry_not_found"
  | "ledger.already_reversed"
  | "ledger.hold_not_found"
  | "ledger.hold_not_pending"
  | "ledger.hold_amount_exceeded"
  | "ledger.batch_too_large"
  | "ledger.batch_mixed_operators"
  | "ledger.invalid_cursor"
  | "ledger.invalid_page_size"
  | "disclosure.invalid_month"
  | "sso.not_configured"
  | "sso.unavailable"
  | "sso.transaction_missing"
  | "sso.state_mismatch"
  | "sso.login_required"
  | "sso.cancelled"
  | "sso.refused"
  | "sso.code_rejected"
  | "sso.id_token_invalid"
  | "sso.phone_missing"
  | "sso.phone_unverified"
  | "sso.handoff_invalid"
  | BorrowingErrorCode
  | RepaymentErrorCode
  | CollectionsErrorCode
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
  | "withdrawal.payout_failed"
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
  | "reconciliation.already_signed_off"
  | "reconciliation.day_signed_off";

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, string | number>>;

  constructor(
    code: ErrorCode,
    options: { field?: string; details?: Record<string, string | number> } = {},
  ) {
    super(code);
    this.name = "DomainError";
    this.code = code;
    this.field = options.field;
    this.details = options.details ?? {};
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Programmer errors: an impossible state. Fails loudly, never shown as a field error. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
