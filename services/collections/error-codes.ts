/** Error codes of collections beyond the collections.* ones in repayment/error-codes.ts. */
export type CollectionsErrorCode =
  | "collections.case_closed"
  | "collections.note_invalid"
  | "collections.channel_invalid"
  | "collections.outcome_invalid"
  | "collections.promise_amount_invalid"
  | "collections.promise_date_past"
  | "collections.promise_date_too_far"
  | "collections.not_a_collector"
  | "collections.admin_only";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    collections: CollectionsErrorCode;
  }
}
