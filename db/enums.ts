/**
 * The value lists the database stores and the pages show, in one module with no imports, so
 * route components and app/components may import it directly (it adds nothing server-only to
 * a browser bundle). db/schema.ts builds its pgEnums from these arrays; a page that offers a
 * choice or checks a query parameter uses the same array instead of copying it.
 *
 * Changing a list here changes the database type: generate a migration (npm run db:generate).
 *
 * Not here yet, on purpose: loan purposes (loan_purpose) and the repayment channels and
 * sources (repayment_channel, repayment_source, debit_instruction_status,
 * phonebill_deduction_status) stay in db/schema.ts while their lists are reworked.
 */

/** pg enum `role` */
export const ROLES = [
  "borrower",
  "investor",
  "store_clerk",
  "risk_officer",
  "finance",
  "collector",
  "admin",
] as const;

/** pg enum `ledger_account_type` */
export const LEDGER_ACCOUNT_TYPES = ["asset", "liability", "revenue", "expense", "equity"] as const;

/** pg enum `ledger_balance_rule` */
export const LEDGER_BALANCE_RULES = ["none", "no_negative"] as const;

/** pg enum `ledger_cause_type` */
export const LEDGER_CAUSE_TYPES = [
  "loan",
  "investment",
  "repayment",
  "top_up",
  "withdrawal",
  "statement_line",
  "adjustment",
  /** A debt transfer (债权转让): the claim and the price between two investors. */
  "transfer",
] as const;

/** pg enum `ledger_hold_status` */
export const LEDGER_HOLD_STATUSES = ["pending", "posted", "voided"] as const;

/** pg enum `adjustment_status` */
export const ADJUSTMENT_STATUSES = ["proposed", "approved", "rejected"] as const;

/** pg enum `risk_level` */
export const RISK_LEVELS = ["low", "medium", "high"] as const;

/** pg enum `repayment_method` */
export const REPAYMENT_METHODS = ["interest-only", "equal-principal", "equal-installment"] as const;

/** pg enum `loan_status` */
export const LOAN_STATUSES = [
  /** Listed to investors. */
  "funding",
  /** Fully funded, awaiting disbursement. */
  "funded",
  /** Payout instructed to the custody bank (passbook, supplier); disbursed when the bank's result says paid, back to funded when it failed. */
  "disbursing",
  /** Money paid out; being repaid. */
  "disbursed",
  /** Paid off. */
  "closed",
  /** The funding window closed unfilled; every hold voided. */
  "failed",
] as const;

/** pg enum `investment_status` */
export const INVESTMENT_STATUSES = [
  /** Funds reserved by a ledger hold while the loan is funding. */
  "pending",
  /** Hold posted at disbursement: the investor owns a claim on the loan. */
  "confirmed",
  /** Hold voided (the loan failed to fund, or the investment was cancelled). */
  "voided",
] as const;

/** pg enum `debt_transfer_status` (债权转让, docs/decisions/2026-12-04-debt-transfer.md) */
export const DEBT_TRANSFER_STATUSES = [
  /** On the 转让专区 list: any eligible investor may buy it until it expires. */
  "listed",
  /** Bought: the claim moved to the buyer in one ledger entry. */
  "sold",
  /** Taken off the list by its seller. */
  "cancelled",
  /** Its listing validity ran out unsold. */
  "expired",
  /** Taken off by the platform: the loan went overdue or was repaid in full, or the seller's claim fell below it. */
  "withdrawn",
] as const;

/** pg enum `application_status` */
export const APPLICATION_STATUSES = [
  /** Being filled in, saved between steps. */
  "draft",
  /** Preliminary review referred it: a call-back (电话回访) is due. */
  "referred",
  /** Awaiting a risk officer (风控审核). */
  "in_review",
  /** Approved above the checker threshold by one officer; a second must confirm. */
  "pending_confirmation",
  /** Offer issued; awaiting the borrower's signature. */
  "approved",
  "rejected",
  /** Agreements signed, loan listed for funding (`loan_id`). */
  "signed",
  /** The borrower withdrew it before any offer (草稿 to 审核中); `closed_at`, optional `close_reason`. */
  "withdrawn",
  /** The borrower declined the offer (approved, not signed). */
  "declined",
  /** The offer was not signed within the offer-validity days (services/borrowing/limits.ts). */
  "expired",
] as const;

/** pg enum `application_channel` */
export const APPLICATION_CHANNELS = ["self", "store"] as const;

/** pg enum `disbursement_channel` */
export const DISBURSEMENT_CHANNELS = ["passbook", "store_cash", "supplier"] as const;

/** pg enum `review_outcome` */
export const REVIEW_OUTCOMES = ["approve", "refer", "reject"] as const;

/** pg enum `callback_outcome` */
export const CALLBACK_OUTCOMES = ["confirmed", "not_reached", "failed"] as const;

/** pg enum `risk_list` */
export const RISK_LISTS = ["black", "red"] as const;

/** pg enum `risk_list_kind` */
export const RISK_LIST_KINDS = ["id_number", "phone", "device"] as const;

/** pg enum `installment_status` */
export const INSTALLMENT_STATUSES = ["scheduled", "partial", "paid"] as const;

/** pg enum `risk_grade` */
export const RISK_GRADES = ["conservative", "balanced", "aggressive"] as const;

/** pg enum `card_top_up_status` */
export const CARD_TOP_UP_STATUSES = ["open", "succeeded", "failed", "expired", "refunded"] as const;

/** pg enum `withdrawal_status` */
export const WITHDRAWAL_STATUSES = [
  /** Waiting for finance (one approval, or two above the second-approval amount). */
  "requested",
  /** Approved; the payout is with the custody bank (银行处理中). The hold stays until the bank's result. */
  "processing",
  /** The bank's result file says paid: hold posted, payout entry booked. */
  "paid",
  "rejected",
  /** The bank's result file says the payout failed: hold voided, the money is available again. */
  "failed",
] as const;

/** pg enum `payout_kind`: what a bank payout instruction pays out. */
export const PAYOUT_KINDS = ["withdrawal", "disbursement"] as const;

/** pg enum `payout_status` (services/payouts: one state machine for both kinds). */
export const PAYOUT_STATUSES = [
  /** One finance user approved; a second, different one must (withdrawals above the second-approval amount). */
  "approving",
  /** Approved; the instruction file is written but the bank has not confirmed receiving it (a send failed or timed out). */
  "approved",
  /** The instruction file was delivered to the custody bank. */
  "instructed",
  /** The bank's result file says paid. */
  "paid",
  /** The bank's result file says it failed (its reason kept). */
  "failed",
  /** Refused while waiting for the second approval; never sent. */
  "cancelled",
] as const;

/** pg enum `due_run_status` */
export const DUE_RUN_STATUSES = ["running", "done"] as const;

/** pg enum `collection_case_status` */
export const COLLECTION_CASE_STATUSES = ["open", "closed"] as const;

// ---------------------------------------------------------------------------
// Not columns, but lists the pages and the services share.
// ---------------------------------------------------------------------------

/** The steps of the borrower's application form, in order (borrowing's firstIncompleteStep follows them). */
export const APPLICATION_STEPS = ["need", "product", "identity", "contact", "bank", "household", "consent"] as const;
