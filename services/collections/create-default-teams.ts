import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { collectionTeams } from "../../db/schema";
import { recordAudit } from "../audit";

/** The two teams every operator starts with (the same as migration 0013 gave the operators then). */
export const DEFAULT_TEAMS = [
  { code: "early", nameZh: "早期催收", nameEn: "Early collections", minDays: 1, maxDays: 30 },
  { code: "senior", nameZh: "资深催收", nameEn: "Senior collections", minDays: 31, maxDays: null },
] as const;

/**
 * Gives an operator with no collection team the two default teams (M1 1–30 days, M2+ 31
 * days onward), empty. An operator that has teams is left as it is. Returns whether it created them.
 */
export async function createDefaultTeams(db: DbOrTx, input: { operatorId: string; actorUserId: string | null; now?: Date }): Promise<boolean> {
  const existing = await db.select({ id: collectionTeams.id }).from(collectionTeams).where(eq(collectionTeams.operatorId, input.operatorId)).limit(1);
  if (existing.length > 0) return false;
  const now = input.now ?? new Date();
  const created = await db
    .insert(collectionTeams)
    .values(DEFAULT_TEAMS.map((t) => ({ ...t, operatorId: input.operatorId, createdAt: now, updatedAt: now })))
    .onConflictDoNothing()
    .returning({ code: collectionTeams.code, nameZh: collectionTeams.nameZh });
  if (created.length === 0) return false;
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "collections.teams_created", subject: created.map((c) => c.nameZh).join("、") }, now);
  return true;
}
