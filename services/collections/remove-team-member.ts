import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { collectionTeamMembers } from "../../db/schema";
import { recordAudit } from "../audit";
import { teamAndCollector } from "./team-member-access";

/**
 * An admin removes a collector from a team; removing a non-member changes nothing. Their
 * open cases stay with them until the next assignment moves those the team no longer covers.
 */
export async function removeTeamMember(db: Db, input: { operatorId: string; teamId: string; userId: string; actorUserId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { team, collector } = await teamAndCollector(tx, input);
    const removed = await tx
      .delete(collectionTeamMembers)
      .where(and(eq(collectionTeamMembers.teamId, team.id), eq(collectionTeamMembers.userId, collector.userId)))
      .returning();
    if (removed.length === 0) return { changed: false };
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "collections.team_member_removed", subject: team.nameZh, details: { teamId: team.id, code: team.code, userId: collector.userId } }, now);
    return { changed: true };
  });
}
