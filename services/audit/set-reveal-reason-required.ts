import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { operators } from "../../db/schema";
import { recordAudit } from "./record-audit";

/** An admin turns the stated-reason rule for unmasked personal data on or off (default off). Audited when it changes. */
export async function setRevealReasonRequired(db: Db, input: { operatorId: string; required: boolean; actorUserId: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ required: operators.revealReasonRequired }).from(operators).where(eq(operators.id, input.operatorId)).for("update");
    if (!before || before.required === input.required) return { changed: false };
    await tx.update(operators).set({ revealReasonRequired: input.required }).where(eq(operators.id, input.operatorId));
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "operator.reveal_reason_changed", details: { required: input.required } }, input.now);
    return { changed: true };
  });
}

/** Whether the operator asks for a stated reason before revealing personal data. */
export async function revealReasonRequired(db: Db, operatorId: string): Promise<boolean> {
  const [row] = await db.select({ required: operators.revealReasonRequired }).from(operators).where(eq(operators.id, operatorId));
  return row?.required ?? false;
}
