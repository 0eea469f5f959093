/**
 * Every error a service raises on purpose carries a stable code; the UI turns the
 * code into a message in the user's language (app/i18n: `error.<code>`), and
 * `field` says which form field it belongs beside.
 */
export type ErrorCode =
  | "operator.not_found"
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
