/**
 * The kinds of text message the portal sends. A real provider sends only pre-approved
 * templates, so production configures one template code per kind (ALIYUN_SMS_TEMPLATES).
 */
export const SMS_KINDS = [
  "login_code",
  "signing_code",
  "withdrawal_update",
  "loan_unfunded",
  "repayment_due",
  "promise_reminder",
] as const;

export type SmsKind = (typeof SMS_KINDS)[number];
