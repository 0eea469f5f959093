import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { riskListEntries } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";

/** Entries are never deleted: removal marks them inactive, with who and when. */
export async function removeRiskListEntry(db: DbOrTx, input: { operatorId: string; entryId: string; actorUserId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const updated = await db
    .update(riskListEntries)
    .set({ active: false, removedByUserId: input.actorUserId, removedAt: now })
    .where(and(eq(riskListEntries.operatorId, input.operatorId), eq(riskListEntries.id, input.entryId), eq(riskListEntries.active, true)))
    .returning({ id: riskListEntries.id });
  if (updated.length > 0) await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "risk_list.removed", subject: input.entryId }, now);
}
