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
  | "collections.admin_only"
  | "collections.team_not_found"
  | "collections.team_range_invalid"
  | "collections.team_range_start"
  | "collections.team_range_overlap"
  | "collections.team_range_gap"
  | "collections.team_range_open_end";

declare module "../shared/errors" {
  interface AreaErrorCodes {
    collections: CollectionsErrorCode;
  }
}
