import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { payouts } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { payoutResultFileName, type PayoutBank } from "../bank-exchange/payout-bank";
import type { SmsSender } from "../sms";
import { isDomainError } from "../shared/errors";
import { importPayoutResults, type PayoutResultImport } from "./import-payout-results";
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
  /** Result files refused whole (malformed, unknown reference, contradicting): nothing booked, left unacknowledged for a person. */
  refused: Array<{ file: string; line: number; message: string }>;
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
  input: { operatorId: string; actorUserId?: string | null; smsFor: (tx: DbOrTx) => SmsSender; now?: Date; timeoutMs?: number; progress?: (done: number, total: number) => Promise<void> },
): Promise<PayoutPickUp> {
  const now = input.now ?? new Date();
  const timeoutMs = input.timeoutMs ?? BANK_CALL_TIMEOUT_MS;
  const open = await db
    .select()
    .from(payouts)
    .where(and(eq(payouts.operatorId, input.operatorId), inArray(payouts.status, [...AWAITING_BANK])))
    .orderBy(asc(payouts.createdAt), asc(payouts.id));
  const pickUp: PayoutPickUp = { waiting: open.length, paid: 0, failed: 0, unreachable: 0, refused: [] };
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
    const imported = await importOrRefuse(db, { operatorId: input.operatorId, bytes, fileName: payoutResultFileName(ref.fileName), smsFor: input.smsFor, actorUserId: input.actorUserId ?? null, now });
    if ("refused" in imported) {
      pickUp.refused.push(imported.refused);
      continue;
    }
    for (const line of imported.lines) {
      if (line.outcome === "paid") pickUp.paid++;
      if (line.outcome === "failed") pickUp.failed++;
    }
    await bank.acknowledgePayoutResult?.(ref);
  }
  if (open.length > 0) await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId ?? null, action: "payout.results_fetched", details: { waiting: pickUp.waiting, paid: pickUp.paid, failed: pickUp.failed, unreachable: pickUp.unreachable, refused: pickUp.refused.length } }, now);
  await input.progress?.(open.length, open.length);
  return pickUp;
}

/** Imports one result file; a file the reader or the checks refuse is recorded (audit) and reported, not thrown: the other payouts go on. */
async function importOrRefuse(
  db: Db,
  input: { operatorId: string; bytes: Uint8Array; fileName: string; smsFor: (tx: DbOrTx) => SmsSender; actorUserId: string | null; now: Date },
): Promise<PayoutResultImport | { refused: { file: string; line: number; message: string } }> {
  try {
    return await importPayoutResults(db, { operatorId: input.operatorId, fileBytes: input.bytes, fileName: input.fileName, smsFor: input.smsFor, now: input.now });
  } catch (error) {
    if (!isDomainError(error) || error.code !== "statement.file_rejected") throw error;
    const refused = { file: input.fileName, line: Number(error.details.line ?? 0), message: String(error.details.message ?? "") };
    console.warn(`[payouts] result file ${refused.file} refused: line ${refused.line}: ${refused.message}`);
    await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "payout.result_refused", subject: refused.file, details: refused }, input.now);
    return { refused };
  }
}
