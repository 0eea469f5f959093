export { recordAudit, type AuditEvent } from "./record-audit";
export { listAudit, AUDIT_PAGE_SIZE } from "./list-audit";
