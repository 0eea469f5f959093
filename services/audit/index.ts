export { recordAudit, type AuditEvent } from "./record-audit";
export {
  listAudit,
  exportAudit,
  listAuditActions,
  checkAuditFilter,
  parseAuditCursor,
  formatAuditCursor,
  AUDIT_PAGE_SIZE,
  AUDIT_EXPORT_MAX_ROWS,
  AUDIT_MAX_RANGE_DAYS,
  type AuditFilter,
  type AuditCursor,
  type AuditRow,
} from "./list-audit";
export { revealPersonalData, REVEAL_REASON_MAX_LENGTH, type PersonalField, type RevealDecision } from "./reveal-personal-data";
export { setRevealReasonRequired, revealReasonRequired } from "./set-reveal-reason-required";
export type { AuditErrorCode } from "./error-codes";
