import type { DbOrTx } from "../../db/client";
import { auditLog } from "../../db/schema";

export interface AuditEvent {
  operatorId: string | null;
  actorUserId: string | null;
  action: string;
  subject?: string;
  details?: Record<string, unknown>;
}

/** Written in the same transaction as the action it records. */
export async function recordAudit(db: DbOrTx, event: AuditEvent, now: Date = new Date()): Promise<void> {
  await db.insert(auditLog).values({
    operatorId: event.operatorId,
    actorUserId: event.actorUserId,
    action: event.action,
    subject: event.subject ?? null,
    details: event.details ?? {},
    createdAt: now,
  });
}
