import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { applicationChecks, loanApplications, products } from "../../db/schema";
import type { Application } from "./access";

/** The risk officers' queue: referred (call-back due), in review, awaiting a second officer. */
export async function riskQueue(db: DbOrTx, input: { operatorId: string; status?: Application["status"] }) {
  const statuses = input.status ? [input.status] : (["referred", "in_review", "pending_confirmation"] as const);
  return db
    .select({
      id: loanApplications.id,
      status: loanApplications.status,
      fullName: loanApplications.fullName,
      phone: loanApplications.phone,
      amount: loanApplications.amount,
      finalAmount: loanApplications.finalAmount,
      purposeNote: loanApplications.purposeNote,
      channel: loanApplications.channel,
      submittedAt: loanApplications.submittedAt,
      prelimOutcome: loanApplications.prelimOutcome,
      proposedByUserId: loanApplications.proposedByUserId,
      productCode: products.code,
      hits: sql<number>`(select count(*) from ${applicationChecks} where ${applicationChecks.applicationId} = ${loanApplications.id} and ${applicationChecks.hit})`.mapWith(Number),
    })
    .from(loanApplications)
    .leftJoin(products, eq(products.id, loanApplications.productId))
    .where(and(eq(loanApplications.operatorId, input.operatorId), inArray(loanApplications.status, [...statuses])))
    .orderBy(asc(loanApplications.submittedAt))
    .limit(200);
}
