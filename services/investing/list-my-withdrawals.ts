import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { withdrawals } from "../../db/schema";
import type { Withdrawal } from "./withdrawal";

/** An investor's own requests, newest first (20 unless `limit` says otherwise). */
export async function listMyWithdrawals(db: DbOrTx, input: { operatorId: string; userId: string; limit?: number }): Promise<Withdrawal[]> {
  return db
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.operatorId, input.operatorId), eq(withdrawals.userId, input.userId)))
    .orderBy(desc(withdrawals.requestedAt))
    .limit(input.limit ?? 20);
}
