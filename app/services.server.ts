// Routes reach the domain only through this file: the `.server` suffix keeps every
// service (and what it imports: argon2, database drivers) out of the browser bundle.
export * as identity from "../services/identity";
export * as operators from "../services/operators";
export * as sms from "../services/sms";
export * as notifications from "../services/notifications";
export * as privacy from "../services/privacy";
export * as audit from "../services/audit";
export * as ledger from "../services/ledger";
export * as finance from "../services/finance";
export * as lending from "../services/lending";
export * as stores from "../services/stores";
export * as borrowing from "../services/borrowing";
export { isDomainError, type ErrorCode } from "../services/shared/errors";
export { isCalendarDate } from "../services/shared/calendar";
export { toCsv, type CsvCell } from "../services/shared/csv";
export * as investing from "../services/investing";
export * as payments from "../services/payments";
export * as disclosure from "../services/disclosure";
export * as channels from "../services/repayment/channels";
export * as repayment from "../services/repayment";
export * as collections from "../services/collections";
export * as reconciliation from "../services/reconciliation";
export * as jobs from "../services/jobs";
export * as operatorApi from "../services/operator-api";
export * as bankExchange from "../services/bank-exchange";
export * as administration from "../services/administration";
export * as payouts from "../services/payouts";
export * as autoInvest from "../services/auto-invest";
