import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sessions } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { confirmTotpEnrolment } from "./confirm-totp-enrolment";
import { verifySecondFactor, type SecondFactorMethod } from "./verify-second-factor";

/**
 * A staff member proves their second factor for this session: a code from their
 * authenticator or one of their recovery codes (single use), or — when `enrolling` — the
 * first code of a new enrolment, which confirms it and returns the recovery codes to show
 * once. The session is marked in the same transaction, so a code that was used up always
 * opened the session it was typed into. Audited.
 */
export async function proveSecondFactor(
  db: Db,
  input: { operatorId: string; userId: string; sessionId: string; code: string; enrolling: boolean; secretKey: Uint8Array; now?: Date },
): Promise<{ method: SecondFactorMethod; recoveryCodes: string[] | null }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    let method: SecondFactorMethod = "totp";
    let recoveryCodes: string[] | null = null;
    if (input.enrolling) ({ recoveryCodes } = await confirmTotpEnrolment(tx, { ...input, now }));
    else method = await verifySecondFactor(tx, { ...input, now });
    const marked = await tx.update(sessions).set({ secondFactorAt: now }).where(eq(sessions.id, input.sessionId)).returning({ userId: sessions.userId });
    if (marked[0]?.userId !== input.userId) throw new Error("the session to mark is not this person's");
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.userId, action: "second_factor.verified", details: { method } }, now);
    return { method, recoveryCodes };
  });
}
