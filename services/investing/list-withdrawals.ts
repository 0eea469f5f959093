import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investorProfiles, users, withdrawals } from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";
import type { Withdrawal } from "./withdrawal";

export interface WithdrawalQueueItem extends Withdrawal {
  investor: { phoneMasked: string; legalName: string | null };
}

/** Finance's queue (oldest first) or history (newest first). */
export async function listWithdrawals(
  db: DbOrTx,
  input: { operatorId: string; status?: Withdrawal["status"] | null; limit?: number },
): Promise<WithdrawalQueueItem[]> {
  const rows = await db
    .select({ w: withdrawals, phone: users.phone, legalName: investorProfiles.legalName })
    .from(withdrawals)
    .innerJoin(users, eq(users.id, withdrawals.userId))
    .leftJoin(investorProfiles, eq(investorProfiles.userId, withdrawals.userId))
    .where(and(eq(withdrawals.operatorId, input.operatorId), ...(input.status ? [eq(withdrawals.status, input.status)] : [])))
    .orderBy(input.status === "requested" ? withdrawals.requestedAt : desc(withdrawals.requestedAt))
    .limit(input.limit ?? 100);
  return rows.map(({ w, phone, legalName }) => ({ ...w, investor: { phoneMasked: maskPhone(phone), legalName } }));
}
