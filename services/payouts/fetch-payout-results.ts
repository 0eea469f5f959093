import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { payouts } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { payoutResultFileName, type PayoutBank } from "../bank-exchange/payout-bank";
import type { SmsSender } from "../sms";
import { importPayoutResults } from "./import-payout-results";
import { instructPayout } from "./instruct-payout";
import { AWAITING_BANK, withTimeout } from "./payout";
import { BANK_CALL_TIMEOUT_MS } from "./settings";

export interface PayoutPickUp {
  /** Payouts the bank had not answered when we started. */
  waiting: number;
  paid: number;
  failed: number;
  /** Instructions (re)sent that the bank would not take, and result fetches that failed or timed out: still waiting. */
  unreachable: number;
}

/**
 * 获取银行结果: for every payout the bank may still answer, oldest first — send its
 * instruction again when it is not yet known delivered (the same file: at most one payment),
 * fetch the bank's result, import it (importPayoutResults: checked whole, booked once) and
 * acknowledge it. A bank that throws or times out leaves the payout where it was, counted as
 * unreachable. Run by finance (the withdrawals and disbursements pages) and by daily due
 * processing, so results are picked up unattended too.
 */
export async function fetchPayoutResults(
  db: Db,
  bank: PayoutBank,
  input: { operatorId: string; actorUserId?: string | null; smsFor?: (tx: DbOrTx) => SmsSender; now?: Date; timeoutMs?: number; progress?: (done: number, total: number) => Promise<void> },
): Promise<PayoutPickUp> {
  const now = input.now ?? new Date();
  const timeoutMs = input.timeoutMs ?? BANK_CALL_TIMEOUT_MS;
  const open = await db
    .select()
    .from(payouts)
    .where(and(eq(payouts.operatorId, input.operatorId), inArray(payouts.status, [...AWAITING_BANK])))
    .orderBy(asc(payouts.createdAt), asc(payouts.id));
  const pickUp: PayoutPickUp = { waiting: open.length, paid: 0, failed: 0, unreachable: 0 };
  for (const [index, payout] of open.entries()) {
    await input.progress?.(index, open.length);
    if (payout.status === "approved") {
      const sent = await instructPayout(db, bank, { operatorId: input.operatorId, payoutId: payout.id, actorUserId: input.actorUserId ?? null, now, timeoutMs });
      if (!sent.delivered) {
        pickUp.unreachable++;
        continue;
      }
    }
    const ref = { operatorId: input.operatorId, fileName: payout.instructionFile! };
    let bytes: Uint8Array | null;
    try {
      bytes = await withTimeout(bank.fetchPayoutResult(ref), timeoutMs, `payout ${payout.id}: result`);
    } catch (error) {
      console.warn(`[payouts] ${payout.id}: result not fetched: ${error instanceof Error ? error.message : String(error)}`);
      pickUp.unreachable++;
      continue;
    }
    if (!bytes) continue;
    const imported = await importPayoutResults(db, { operatorId: input.operatorId, fileBytes: bytes, fileName: payoutResultFileName(ref.fileName), ...(input.smsFor ? { smsFor: input.smsFor } : {}), now });
    for (const line of imported.lines) {
      if (line.outcome === "paid") pickUp.paid++;
      if (line.outcome === "failed") pickUp.failed++;
    }
    await bank.acknowledgePayoutResult?.(ref);
  }
  if (open.length > 0) await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId ?? null, action: "payout.results_fetched", details: { ...pickUp } }, now);
  await input.progress?.(open.length, open.length);
  return pickUp;
}
