import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanInstallments } from "../../db/schema";
import type { InstallmentState } from "./compute-due";

/** A loan's installments in order, as the pure due and delinquency rules read them. */
export async function loadInstallments(db: DbOrTx, loanId: string): Promise<(InstallmentState & { id: string; status: string })[]> {
  return db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loanId)).orderBy(asc(loanInstallments.n));
}
