import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { collectionTeams } from "../../db/schema";
import { recordAudit } from "../audit";
import { DomainError } from "../shared/errors";
import { checkTeamRanges, type TeamRange } from "./team-ranges";

/**
 * An admin sets the days-past-due range of every team of the operator at once (a range
 * moves only together with its neighbour's, so they are checked as a whole: team-ranges.ts).
 * Unchanged ranges change nothing; otherwise one audit row with before and after.
 */
export async function setTeamRanges(db: Db, input: { operatorId: string; ranges: readonly TeamRange[]; actorUserId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const teams = await tx.select().from(collectionTeams).where(eq(collectionTeams.operatorId, input.operatorId)).for("update");
    const given = new Map(input.ranges.map((r) => [r.teamId, r]));
    if (given.size !== teams.length || teams.some((t) => !given.has(t.id))) throw new DomainError("collections.team_not_found");
    checkTeamRanges(input.ranges);
    const changed = teams.filter((t) => given.get(t.id)!.minDays !== t.minDays || given.get(t.id)!.maxDays !== t.maxDays);
    if (changed.length === 0) return { changed: false };
    for (const t of changed) {
      const r = given.get(t.id)!;
      await tx.update(collectionTeams).set({ minDays: r.minDays, maxDays: r.maxDays, updatedAt: now }).where(eq(collectionTeams.id, t.id));
    }
    await recordAudit(
      tx,
      {
        operatorId: input.operatorId,
        actorUserId: input.actorUserId,
        action: "collections.team_ranges_changed",
        subject: changed.map((t) => t.nameZh).join("、"),
        details: { before: changed.map((t) => ({ code: t.code, minDays: t.minDays, maxDays: t.maxDays })), after: changed.map((t) => ({ code: t.code, ...pick(given.get(t.id)!) })) },
      },
      now,
    );
    return { changed: true };
  });
}

const pick = (r: TeamRange) => ({ minDays: r.minDays, maxDays: r.maxDays });
