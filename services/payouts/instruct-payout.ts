import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { payouts } from "../../db/schema";
import type { PayoutBank } from "../bank-exchange/payout-bank";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { AWAITING_BANK, withTimeout, type Payout } from "./payout";
import { BANK_CALL_TIMEOUT_MS } from "./settings";

export interface InstructOutcome {
  payout: Payout;
  /** The bank took the file now (or had it already). false: it threw or timed out; the payout stays as it was. */
  delivered: boolean;
  error?: string;
}

/**
 * Sends an approved payout's instruction file to the custody bank, as stored at approval
 * (the same name and bytes every time, so a re-send is a no-op at the bank: sending twice
 * pays once). On delivery the payout is `instructed`; if the bank throws or does not answer
 * in time, the payout stays `approved` (or `instructed` on a re-send) with the error noted:
 * nothing is paid or failed until the bank's result file says so, and the next pick-up sends
 * again. A payout in any other state is returned as it is.
 */
export async function instructPayout(
  db: Db,
  bank: PayoutBank,
  input: { operatorId: string; payoutId: string; actorUserId?: string | null; now?: Date; timeoutMs?: number },
): Promise<InstructOutcome> {
  const now = input.now ?? new Date();
  const [payout] = await db.select().from(payouts).where(and(eq(payouts.operatorId, input.operatorId), eq(payouts.id, input.payoutId)));
  if (!payout) throw new DomainError("payout.not_found");
  if (!(AWAITING_BANK as readonly string[]).includes(payout.status) || !payout.instructionFile || !payout.instructionCsv) return { payout, delivered: false };
  const file = { operatorId: payout.operatorId, fileName: payout.instructionFile, csv: payout.instructionCsv };
  try {
    await withTimeout(bank.submitPayoutInstruction(file), input.timeoutMs ?? BANK_CALL_TIMEOUT_MS, `payout ${payout.id}: instruction`);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    return db.transaction(async (tx) => {
      const [row] = await tx
        .update(payouts)
        .set({ sendError: message, sendAttempts: sql`${payouts.sendAttempts} + 1` })
        .where(eq(payouts.id, payout.id))
        .returning();
      await recordAudit(tx, { operatorId: payout.operatorId, actorUserId: input.actorUserId ?? null, action: "payout.instruction_failed", subject: payout.id, details: { file: file.fileName, error: message } }, now);
      return { payout: row!, delivered: false, error: message };
    });
  }
  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(payouts)
      .set({ status: "instructed", instructedAt: now, sendError: null, sendAttempts: sql`${payouts.sendAttempts} + 1` })
      .where(and(eq(payouts.id, payout.id), eq(payouts.status, "approved")))
      .returning();
    if (moved) {
      await recordAudit(tx, { operatorId: payout.operatorId, actorUserId: input.actorUserId ?? null, action: "payout.instructed", subject: payout.id, details: { file: file.fileName, kind: payout.kind, amount: payout.amount } }, now);
      return { payout: moved, delivered: true };
    }
    const [current] = await tx.select().from(payouts).where(and(eq(payouts.id, payout.id), inArray(payouts.status, ["instructed", "paid", "failed"])));
    return { payout: current ?? payout, delivered: true };
  });
}
