import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { collectionActivities, collectionCases } from "../../db/schema";
import { recordAudit } from "../audit";
import { DomainError } from "../shared/errors";
import { isSupervisor, type CollectionsActor } from "./case-access";
import { listCollectors } from "./teams";

/**
 * A supervisor (role admin) moves an open case to another collector of the operator. The
 * move is written on the case's timeline as a note by the supervisor, and audited. Moving a
 * case to whoever already has it changes nothing.
 */
export async function reassignCase(db: Db, input: { operatorId: string; caseId: string; actor: CollectionsActor; toUserId: string; now?: Date }) {
  if (!isSupervisor(input.actor)) throw new DomainError("collections.admin_only");
  const now = input.now ?? new Date();
  const collectors = await listCollectors(db, input.operatorId);
  const target = collectors.find((c) => c.userId === input.toUserId);
  if (!target) throw new DomainError("collections.not_a_collector", { field: "toUserId" });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(collectionCases)
      .where(and(eq(collectionCases.operatorId, input.operatorId), eq(collectionCases.id, input.caseId)))
      .for("update");
    if (!row) throw new DomainError("collections.case_not_found");
    if (row.status !== "open") throw new DomainError("collections.case_closed");
    if (row.assignedToUserId === target.userId) return { changed: false };
    await tx.update(collectionCases).set({ assignedToUserId: target.userId, assignedAt: now }).where(eq(collectionCases.id, row.id));
    await tx.insert(collectionActivities).values({
      operatorId: input.operatorId,
      caseId: row.id,
      kind: "note",
      note: `改派给 ${target.name ?? target.phone} / Reassigned to ${target.name ?? target.phone}`,
      byUserId: input.actor.userId,
      createdAt: now,
    });
    await recordAudit(
      tx,
      { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "collections.case_reassigned", subject: row.id, details: { fromUserId: row.assignedToUserId, toUserId: target.userId } },
      now,
    );
    return { changed: true };
  });
}
