import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, loans, products } from "../../db/schema";
import { firstIncompleteStep } from "./application-steps";

/** A borrower's applications (newest first) and any loan of theirs not made through one. */
export async function listBorrowerApplications(db: DbOrTx, input: { operatorId: string; userId: string }) {
  const apps = await db
    .select({ app: loanApplications, loan: loans, productName: products.nameZh })
    .from(loanApplications)
    .leftJoin(loans, eq(loans.id, loanApplications.loanId))
    .leftJoin(products, eq(products.id, loanApplications.productId))
    .where(and(eq(loanApplications.operatorId, input.operatorId), eq(loanApplications.borrowerUserId, input.userId)))
    .orderBy(desc(loanApplications.createdAt));
  const otherLoans = await db
    .select()
    .from(loans)
    .where(and(eq(loans.operatorId, input.operatorId), eq(loans.borrowerUserId, input.userId), isNull(loans.applicationId)))
    .orderBy(desc(loans.createdAt));
  return { applications: apps.map((r) => ({ ...r, nextStep: r.app.status === "draft" ? firstIncompleteStep(r.app) : null })), otherLoans };
}
