import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications } from "../../db/schema";
import type { Application } from "./access";
import { OPEN_STATUSES } from "./application-steps";

/** The person's application still being decided or waiting for a signature, if any (at most one). */
export async function findOpenApplication(db: DbOrTx, operatorId: string, borrowerUserId: string): Promise<Application | undefined> {
  const [row] = await db
    .select()
    .from(loanApplications)
    .where(and(eq(loanApplications.operatorId, operatorId), eq(loanApplications.borrowerUserId, borrowerUserId), inArray(loanApplications.status, [...OPEN_STATUSES])))
    .limit(1);
  return row;
}
