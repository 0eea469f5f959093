import { and, desc, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, loans } from "../../db/schema";

/** A store's applications (filled in there, or to be paid out in cash there), newest first. */
export async function storeApplications(db: DbOrTx, input: { operatorId: string; storeId: string }) {
  return db
    .select({ app: loanApplications, loanStatus: loans.status })
    .from(loanApplications)
    .leftJoin(loans, eq(loans.id, loanApplications.loanId))
    .where(and(eq(loanApplications.operatorId, input.operatorId), or(eq(loanApplications.intakeStoreId, input.storeId), eq(loanApplications.cashStoreId, input.storeId))))
    .orderBy(desc(loanApplications.createdAt))
    .limit(100);
}
