import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { payouts, withdrawals } from "../../db/schema";
import type { Withdrawal } from "./withdrawal";

export interface MyWithdrawal extends Withdrawal {
  /** The bank payout behind it, once finance has approved (status approving: waiting for a second approval). */
  payout: { status: string; bankStatus: string | null; bankMessage: string | null; settledOn: string | null } | null;
}

/** An investor's own requests, newest first (20 unless `limit` says otherwise), with their payout's state. */
export async function listMyWithdrawals(db: DbOrTx, input: { operatorId: string; userId: string; limit?: number }): Promise<MyWithdrawal[]> {
  const rows = await db
    .select({ w: withdrawals, status: payouts.status, bankStatus: payouts.bankStatus, bankMessage: payouts.bankMessage, settledOn: payouts.settledOn })
    .from(withdrawals)
    .leftJoin(payouts, eq(payouts.withdrawalId, withdrawals.id))
    .where(and(eq(withdrawals.operatorId, input.operatorId), eq(withdrawals.userId, input.userId)))
    .orderBy(desc(withdrawals.requestedAt))
    .limit(input.limit ?? 20);
  return rows.map(({ w, status, bankStatus, bankMessage, settledOn }) => ({ ...w, payout: status ? { status, bankStatus, bankMessage, settledOn } : null }));
}
