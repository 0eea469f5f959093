/** Error codes the monthly disclosure report raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type DisclosureErrorCode =
  | "disclosure.invalid_month";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    disclosure: DisclosureErrorCode;
  }
}
