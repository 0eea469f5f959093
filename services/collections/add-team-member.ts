import type { Db } from "../../db/client";
import { collectionTeamMembers } from "../../db/schema";
import { recordAudit } from "../audit";
import { teamAndCollector } from "./team-member-access";

/** An admin adds a collector to a team; adding a member again changes nothing. Audited. */
export async function addTeamMember(db: Db, input: { operatorId: string; teamId: string; userId: string; actorUserId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { team, collector } = await teamAndCollector(tx, input);
    const added = await tx.insert(collectionTeamMembers).values({ teamId: team.id, userId: collector.userId, addedAt: now }).onConflictDoNothing().returning();
    if (added.length === 0) return { changed: false };
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "collections.team_member_added", subject: team.nameZh, details: { teamId: team.id, code: team.code, userId: collector.userId } }, now);
    return { changed: true };
  });
}
