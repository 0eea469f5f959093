export { recordAudit, type AuditEvent } from "./record-audit";
