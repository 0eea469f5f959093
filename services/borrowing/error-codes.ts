/** Error codes the borrower journey raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type BorrowingErrorCode =
  | "application.not_found"
  | "application.forbidden"
  | "application.not_draft"
  | "application.wrong_status"
  | "application.incomplete"
  | "application.invalid"
  | "application.amount_invalid"
  | "application.term_invalid"
  | "application.purpose_invalid"
  | "application.product_not_matching"
  | "application.name_invalid"
  | "application.region_invalid"
  | "application.address_invalid"
  | "application.account_invalid"
  | "application.store_required"
  | "application.household_invalid"
  | "application.income_invalid"
  | "application.consent_required"
  | "application.open_exists"
  | "id_number.invalid_format"
  | "id_number.invalid_checksum"
  | "id_number.invalid_birth_date"
  | "id_number.not_adult"
  | "review.reason_required"
  | "review.own_approval"
  | "review.amount_invalid"
  | "review.product_invalid"
  | "review.exposure_cap"
  | "review.callback_open"
  | "offer.above_legal_cap"
  | "settings.invalid"
  | "risk_list.invalid"
  | "risk_list.duplicate"
  | "signing.agreements_changed"
  | "signing.channel_required"
  | "signing.passbook_required"
  | "signing.debit_consent_required"
  | "disbursement.not_funded"
  | "disbursement.wrong_channel"
  | "disbursement.funding_mismatch"
  | "repayment_channel.unchanged";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    borrowing: BorrowingErrorCode;
  }
}
