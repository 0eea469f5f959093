/**
 * The kinds of text message the portal sends. A real provider sends only pre-approved
 * templates, so production configures one template code per kind (ALIYUN_SMS_TEMPLATES),
 * and every call site names its kind and the template's parameters, never free text.
 */
export const SMS_KINDS = [
  "login_code",
  "signing_code",
  "withdrawal_update",
  "loan_unfunded",
  "repayment_due",
  "promise_reminder",
  "loan_disbursement",
  "offer_expired",
  "auto_invest_placed",
  "application_reviewed",
  "loan_signed",
  "loan_funded",
  "repayment_received",
  "return_received",
  "claim_sold",
] as const;

export type SmsKind = (typeof SMS_KINDS)[number];

/** The parameters (template variables) of each kind; values are strings, the provider's rule. */
export interface SmsParamsByKind {
  login_code: { code: string; minutes: string };
  /** `action`: what the code authorises, e.g. 签署借款相关协议. */
  signing_code: { action: string; code: string; minutes: string };
  /** `detail`: what became of the request, one sentence. */
  withdrawal_update: { amount: string; detail: string };
  loan_unfunded: { title: string; amount: string };
  repayment_due: { title: string; period: string; amount: string; dueDate: string };
  promise_reminder: { promiseDate: string; amount: string; owed: string };
  /** `detail`: what the bank did with the payout, one sentence. */
  loan_disbursement: { amount: string; detail: string };
  /** An approved offer left unsigned past its validity (services/borrowing/limits.ts OFFER_VALID_DAYS). */
  offer_expired: { amount: string; days: string };
  /** An auto-invest rule (its name) lent `amount` in the loan `title` (services/auto-invest). */
  auto_invest_placed: { rule: string; title: string; amount: string };
  /** `detail`: the review's result, one sentence. */
  application_reviewed: { detail: string };
  loan_signed: { title: string; amount: string };
  loan_funded: { title: string; amount: string };
  repayment_received: { title: string; amount: string };
  return_received: { title: string; amount: string };
  /** A listed claim on the loan `title` sold (services/transfers): its principal and what reached the seller's wallet after the fee. */
  claim_sold: { title: string; principal: string; proceeds: string };
}

export type SmsParams<K extends SmsKind = SmsKind> = SmsParamsByKind[K];

/**
 * One-time codes are sent while the person waits (and a failure is shown beside the field);
 * every other kind is a notification, sent after its cause commits, with retries.
 */
export const ONE_TIME_CODE_KINDS: readonly SmsKind[] = ["login_code", "signing_code"];

export function isSmsKind(value: string): value is SmsKind {
  return (SMS_KINDS as readonly string[]).includes(value);
}
