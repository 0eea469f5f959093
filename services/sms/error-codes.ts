/** Error codes the SMS boundary raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type SmsErrorCode = "sms.send_failed";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    sms: SmsErrorCode;
  }
}
