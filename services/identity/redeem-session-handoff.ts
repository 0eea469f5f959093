import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sessions } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { unseal } from "../shared/seal";
import { createSession, type CreatedSession } from "./create-session";
import { HANDOFF_PURPOSE, type SessionHandoff } from "./create-session-handoff";

/**
 * Moves the popup's session into the frame: the popup's session is deleted and a new one
 * created for the same user, so a handoff works once and the popup's cookie dies with it.
 */
export async function redeemSessionHandoff(
  db: Db,
  input: { operatorId: string; sealedHandoff: unknown; secretKey: Uint8Array; now?: Date },
): Promise<CreatedSession & { userId: string }> {
  const now = input.now ?? new Date();
  const handoff = typeof input.sealedHandoff === "string" ? unseal<SessionHandoff>(input.secretKey, HANDOFF_PURPOSE, input.sealedHandoff, now) : null;
  if (!handoff || handoff.operatorId !== input.operatorId) throw new DomainError("sso.handoff_invalid");
  const outcome = await db.transaction(async (tx) => {
    const moved = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, handoff.sessionId), eq(sessions.userId, handoff.userId)))
      .returning({ id: sessions.id });
    if (moved.length === 0) return null;
    const session = await createSession(tx, handoff.userId, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: handoff.userId, action: "session.handed_to_frame" }, now);
    return session;
  });
  if (!outcome) throw new DomainError("sso.handoff_invalid");
  return { ...outcome, userId: handoff.userId };
}
