/** Error codes the double-entry ledger (amounts, postings, holds, accounts, pages) raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type LedgerErrorCode =
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
  | "ledger.invalid_page_size";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    ledger: LedgerErrorCode;
  }
}
