import { and, desc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { auditLog, users } from "../../db/schema";

export const AUDIT_PAGE_SIZE = 100;

/** Newest first, with who did it; `before` pages back in time. */
export async function listAudit(db: DbOrTx, input: { operatorId: string; before?: Date }) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      subject: auditLog.subject,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorName: users.name,
      actorPhone: users.phone,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.operatorId, input.operatorId), input.before ? lt(auditLog.createdAt, input.before) : undefined))
    .orderBy(desc(auditLog.createdAt))
    .limit(AUDIT_PAGE_SIZE);
}
