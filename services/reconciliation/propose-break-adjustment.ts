import type { Db } from "../../db/client";
import { breakResolutions } from "../../db/schema";
import { proposeAdjustment, type AdjustmentLineInput } from "../finance";
import { findOpenBreak } from "./find-break";

/**
 * Explains a break with a correcting entry: proposed through the finance console's
 * maker-checker (services/finance proposeAdjustment; nothing is posted yet) and recorded
 * as the break's resolution. The break awaits approval until another finance user
 * approves the adjustment (then it is resolved) or rejects it (then it is open again).
 * With the form's key a double submit is the first proposal, not a second one.
 */
export async function proposeBreakAdjustment(
  db: Db,
  input: { operatorId: string; channel: string; date: string; breakKey: string; reason: string; lines: AdjustmentLineInput[]; userId: string; idempotencyKey?: string; now?: Date },
): Promise<{ adjustmentId: string }> {
  const found = await findOpenBreak(db, input);
  const now = input.now ?? new Date();
  const reason = input.reason.trim();
  const { id, replayed } = await proposeAdjustment(db, {
    operatorId: input.operatorId,
    proposedByUserId: input.userId,
    reason: `${reason} [对账 ${found.channel} ${input.date}]`.slice(0, 500),
    lines: input.lines,
    idempotencyKey: input.idempotencyKey,
    now,
  });
  // A twin of this form proposed it (and records the resolution): nothing more to do.
  if (replayed) return { adjustmentId: id };
  await db.insert(breakResolutions).values({
    operatorId: input.operatorId,
    channel: found.channel,
    date: input.date,
    breakKey: input.breakKey,
    kind: "adjustment",
    note: reason.length >= 2 ? reason.slice(0, 500) : "调账",
    adjustmentId: id,
    createdByUserId: input.userId,
    createdAt: now,
  });
  return { adjustmentId: id };
}
