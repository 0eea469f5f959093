import { NOTICE_DETAILS } from "../sms";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { payouts, withdrawals } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { notifyInvestor } from "../investing/withdrawal";
import { chart, openAccount, postEntry, postHold, voidHold } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import type { SmsSender } from "../sms";
import { formatMoney } from "../shared/money-text";
import type { Payout } from "./payout";
import type { PayoutResultLine } from "./payout-files";
import { failureReasonZh } from "./reasons";
import { PAYOUT_RESULTS_ACTOR } from "./settings";

/**
 * A bank result for a withdrawal, inside the import's transaction. Paid: the hold is posted
 * (available → held becomes real) and `withdrawal:<id>:payout` moves it out (Dr wallet:held /
 * Cr custody:bank), the withdrawal is `paid` (已到账). Failed: the hold is voided, the money
 * is available again, the withdrawal is `failed` with the bank's reason. Either way the
 * investor gets an SMS.
 */
export async function bookWithdrawalResult(tx: DbOrTx, input: { payout: Payout; line: PayoutResultLine; resultFile: string | null; smsFor: (tx: DbOrTx) => SmsSender; now: Date }) {
  const { payout, line, now } = input;
  const [request] = await tx.select().from(withdrawals).where(eq(withdrawals.id, payout.withdrawalId!)).for("update");
  if (!request || request.status !== "processing") throw new Error(`withdrawal ${payout.withdrawalId} is not processing (${request?.status})`);
  const amount = new Cny(request.amount);
  if (line.status === "SUCCESS") {
    await postHold(tx, { operatorId: request.operatorId, holdId: request.holdId, postedBy: PAYOUT_RESULTS_ACTOR, now });
    const held = await openAccount(tx, { operatorId: request.operatorId, ...chart.walletHeld(request.userId) });
    const custody = await openAccount(tx, { operatorId: request.operatorId, ...chart.custodyBank() });
    const { entry } = await postEntry(tx, {
      operatorId: request.operatorId,
      idempotencyKey: `withdrawal:${request.id}:payout`,
      kind: "withdrawal_payout",
      memo: `提现打款 ${line.bankReference || payout.id} → ${request.bankCode} ${request.bankCardMasked}`.slice(0, 200),
      cause: { type: "withdrawal", id: request.id },
      postedBy: PAYOUT_RESULTS_ACTOR,
      postings: [
        { accountId: held.id, amountCny: formatCny(amount) },
        { accountId: custody.id, amountCny: formatCny(amount.negated()) },
      ],
      now,
    });
    await tx.update(withdrawals).set({ status: "paid", payoutAdapter: "custody-bank", payoutReference: line.bankReference || payout.id, payoutEntryId: entry.id }).where(eq(withdrawals.id, request.id));
    await markResolved(tx, input, "paid");
    await notifyInvestor(tx, input.smsFor, request.operatorId, request.userId, { amount: formatMoney(amount.toFixed(2)), detail: NOTICE_DETAILS.withdrawalPaid.zh(request.bankCardMasked) });
    return;
  }
  await voidHold(tx, { operatorId: request.operatorId, holdId: request.holdId, voidedBy: PAYOUT_RESULTS_ACTOR, now });
  await tx.update(withdrawals).set({ status: "failed", payoutAdapter: "custody-bank" }).where(eq(withdrawals.id, request.id));
  await markResolved(tx, input, "failed");
  await notifyInvestor(tx, input.smsFor, request.operatorId, request.userId, {
    amount: formatMoney(amount.toFixed(2)),
    detail: NOTICE_DETAILS.withdrawalFailed.zh(failureReasonZh(line.status)),
  });
}

/** The payout's end state from the bank's line, and its audit record. */
export async function markResolved(tx: DbOrTx, input: { payout: Payout; line: PayoutResultLine; resultFile: string | null; now: Date }, status: "paid" | "failed") {
  const { payout, line, now } = input;
  await tx
    .update(payouts)
    .set({ status, bankStatus: line.status, bankMessage: line.message || null, bankReference: line.bankReference || null, settledOn: line.settledOn, resultFile: input.resultFile, resolvedAt: now })
    .where(eq(payouts.id, payout.id));
  await recordAudit(
    tx,
    { operatorId: payout.operatorId, actorUserId: null, action: `payout.${status}`, subject: payout.id, details: { kind: payout.kind, bankStatus: line.status, settledOn: line.settledOn, file: input.resultFile, line: line.line } },
    now,
  );
}
