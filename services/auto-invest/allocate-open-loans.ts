import { and, asc, eq, gt } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { loans } from "../../db/schema";
import type { SmsSender } from "../sms";
import { allocateLoan, newAllocationMemo, type PlacedByRule } from "./allocate-loan";
import type { AutoInvestSettings } from "./limits";

/**
 * The scheduled pass (the portal's once-a-minute jobs, the simulator's day): every loan still in
 * funding, oldest listing first, gets its allocation again — so rules fill what the manual window
 * left once it has passed, and a listing whose allocation was cut off (a crash after the
 * listing committed) is caught up. Safe to run at any time, and twice.
 */
export async function allocateOpenLoans(
  db: Db,
  input: { operatorId?: string; smsFor: (tx: DbOrTx) => SmsSender; settings?: AutoInvestSettings; now?: Date; limit?: number },
): Promise<{ loans: number; placed: PlacedByRule[] }> {
  const now = input.now ?? new Date();
  const open = await db
    .select({ id: loans.id, operatorId: loans.operatorId })
    .from(loans)
    .where(and(eq(loans.status, "funding"), gt(loans.fundingDeadline, now), ...(input.operatorId ? [eq(loans.operatorId, input.operatorId)] : [])))
    .orderBy(asc(loans.listedAt), asc(loans.id))
    .limit(input.limit ?? 200);
  const placed: PlacedByRule[] = [];
  // One memo for the pass: a rule that cannot invest (no cash, budget used) is read once, not once per loan.
  const memo = newAllocationMemo();
  for (const loan of open) {
    const result = await allocateLoan(db, { operatorId: loan.operatorId, loanId: loan.id, smsFor: input.smsFor, settings: input.settings, memo, now });
    placed.push(...result.placed);
  }
  return { loans: open.length, placed };
}
