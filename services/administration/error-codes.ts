/** Codes of operator onboarding and staff administration; the rule is in docs/decisions/2026-12-03-error-codes.md. */
export type AdministrationErrorCode =
  | "operator.invalid_slug"
  | "operator.invalid_name"
  | "operator.invalid_colour"
  | "operator.slug_taken"
  | "operator.not_found"
  | "operator.invalid_logo"
  | "operator.invalid_origin"
  | "staff.unknown_role"
  | "staff.reason_required"
  | "staff.reason_invalid"
  | "staff.request_not_found"
  | "staff.request_decided"
  | "staff.own_request"
  | "staff.not_found"
  | "staff.last_admin"
  | "store.invalid_code"
  | "store.invalid_field"
  | "store.code_taken"
  | "store.not_found";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    administration: AdministrationErrorCode;
  }
}
