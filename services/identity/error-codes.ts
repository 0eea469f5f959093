/** Error codes sign-in (phone, SMS code, password) and operator sign-on (sso) raises; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type IdentityErrorCode =
  | "phone.invalid"
  | "sms.throttled_phone"
  | "sms.throttled_ip"
  | "sms.no_code"
  | "sms.code_expired"
  | "sms.code_wrong"
  | "sms.too_many_attempts"
  | "auth.wrong_credentials"
  | "auth.locked"
  /** The person closed this account (PIPL); it signs in no more. */
  | "auth.account_closed"
  | "auth.password_too_weak"
  | "auth.second_factor_wrong"
  | "auth.second_factor_not_enrolled"
  | "auth.second_factor_already_enrolled"
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
  | "sso.handoff_invalid";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    identity: IdentityErrorCode;
  }
}
