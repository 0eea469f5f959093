import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sessions } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { seal, unseal } from "../shared/seal";
import { createSession, type CreatedSession } from "./create-session";

const HANDOFF_PURPOSE = "sso-session-handoff";
export const HANDOFF_TTL_MS = 2 * 60_000;

interface Handoff {
  sessionId: string;
  userId: string;
  operatorId: string;
}

/**
 * A sign-on finished in a popup belongs to the frame that opened it, whose cookies live
 * in another partition (the host site's). The popup passes this sealed, short-lived
 * handoff to its opener by postMessage; the frame redeems it once.
 */
export function createSessionHandoff(
  secretKey: Uint8Array,
  handoff: Handoff,
  now: Date = new Date(),
): string {
  return seal(secretKey, HANDOFF_PURPOSE, handoff, new Date(now.getTime() + HANDOFF_TTL_MS));
}

/**
 * Moves the popup's session into the frame: the popup's session is deleted and a new one
 * created for the same user, so a handoff works once and the popup's cookie dies with it.
 */
export async function redeemSessionHandoff(
  db: Db,
  input: { operatorId: string; sealedHandoff: unknown; secretKey: Uint8Array; now?: Date },
): Promise<CreatedSession & { userId: string }> {
  const now = input.now ?? new Date();
  const handoff = typeof input.sealedHandoff === "string" ? unseal<Handoff>(input.secretKey, HANDOFF_PURPOSE, input.sealedHandoff, now) : null;
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
