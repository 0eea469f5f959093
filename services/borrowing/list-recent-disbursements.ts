import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanDisbursements, loans, users } from "../../db/schema";

/** The latest payouts (of one store when `storeId` is given), newest first; 20 unless `limit` says otherwise. */
export async function listRecentDisbursements(db: DbOrTx, input: { operatorId: string; storeId?: string; limit?: number }) {
  return db
    .select({ d: loanDisbursements, titleZh: loans.titleZh, by: users.name })
    .from(loanDisbursements)
    .innerJoin(loans, eq(loans.id, loanDisbursements.loanId))
    .innerJoin(users, eq(users.id, loanDisbursements.disbursedByUserId))
    .where(and(eq(loanDisbursements.operatorId, input.operatorId), input.storeId ? eq(loanDisbursements.storeId, input.storeId) : sql`true`))
    .orderBy(desc(loanDisbursements.disbursedAt))
    .limit(input.limit ?? 20);
}
