import { NOTICE_DETAILS } from "../sms";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { payouts, withdrawals } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { voidHold } from "../ledger";
import type { SmsSender } from "../sms";
import { DomainError } from "../shared/errors";
import { formatMoney } from "../shared/money-text";
import { lockRequestedWithdrawal, notifyInvestor, type Withdrawal } from "./withdrawal";

/**
 * Finance rejects with a reason: the hold is voided, the money is available again. Allowed
 * while the request waits for its first or its second approval (a first approval's payout,
 * never sent, is cancelled); not once it has gone to the bank.
 */
export async function rejectWithdrawal(
  db: Db,
  input: { operatorId: string; withdrawalId: string; decidedByUserId: string; reason: string; smsFor: (tx: DbOrTx) => SmsSender; now?: Date },
): Promise<Withdrawal> {
  const now = input.now ?? new Date();
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 300) throw new DomainError("withdrawal.reason_required", { field: "reason" });
  return db.transaction(async (tx) => {
    const request = await lockRequestedWithdrawal(tx, input);
    await tx.update(payouts).set({ status: "cancelled" }).where(and(eq(payouts.withdrawalId, request.id), eq(payouts.status, "approving")));
    await voidHold(tx, { operatorId: request.operatorId, holdId: request.holdId, voidedBy: { userId: input.decidedByUserId }, now });
    const [row] = await tx
      .update(withdrawals)
      .set({ status: "rejected", decidedByUserId: input.decidedByUserId, decidedAt: now, rejectReason: reason })
      .where(eq(withdrawals.id, request.id))
      .returning();
    await recordAudit(tx, { operatorId: request.operatorId, actorUserId: input.decidedByUserId, action: "withdrawal.rejected", subject: request.id, details: { reason } }, now);
    await notifyInvestor(tx, input.smsFor, request.operatorId, request.userId, { amount: formatMoney(request.amount), detail: NOTICE_DETAILS.withdrawalRejected.zh(reason) });
    return row!;
  });
}
