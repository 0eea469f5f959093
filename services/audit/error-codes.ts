/** Error codes of the audit area. */
export type AuditErrorCode = "audit.reason_invalid" | "audit.filter_date_invalid" | "audit.filter_range_invalid";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    audit: AuditErrorCode;
  }
}
