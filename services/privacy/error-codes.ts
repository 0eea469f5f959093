/** Codes the privacy area (personal data export, account closing) raises; services/shared/errors.ts explains the scheme. */
export type PrivacyErrorCode = "privacy.account_not_closable" | "privacy.confirm_required";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    privacy: PrivacyErrorCode;
  }
}
