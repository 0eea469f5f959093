export { recordAudit, type AuditEvent } from "./record-audit";
export { listAudit, AUDIT_PAGE_SIZE } from "./list-audit";
export { revealPersonalData, REVEAL_REASON_MAX_LENGTH, type PersonalField, type RevealDecision } from "./reveal-personal-data";
export { setRevealReasonRequired, revealReasonRequired } from "./set-reveal-reason-required";
export type { AuditErrorCode } from "./error-codes";
