import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loans, products } from "../../db/schema";
import { inTransaction } from "../ledger/db-helpers";
import { parsePositiveAmountCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { isUuid } from "../ledger/validate";
import { recordAudit } from "../audit/record-audit";

export type Loan = typeof loans.$inferSelect;

export const DEFAULT_FUNDING_WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface OpenLoanForFundingInput {
  operatorId: string;
  borrowerUserId: string;
  /** The product version the loan is made under; its terms are copied onto the loan. */
  productId: string;
  amountCny: string;
  titleZh: string;
  regionZh: string;
  applicationId?: string | null;
  fundingWindowDays?: number;
  now?: Date;
}

/**
 * Lists a signed loan to investors (status `funding`). The borrower journey calls this
 * once agreements are signed; seeds and tests use it too, so there is one way a loan
 * reaches the invest list.
 */
export async function openLoanForFunding(db: DbOrTx, input: OpenLoanForFundingInput): Promise<Loan> {
  const amount = parsePositiveAmountCny(input.amountCny, "amount");
  const now = input.now ?? new Date();
  const windowDays = input.fundingWindowDays ?? DEFAULT_FUNDING_WINDOW_DAYS;
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 60) throw new DomainError("loan.invalid", { field: "fundingWindowDays" });
  if (!input.titleZh.trim() || !input.regionZh.trim()) throw new DomainError("loan.invalid", { field: "title" });
  return inTransaction(db, async (tx) => {
    const [product] = await tx
      .select()
      .from(products)
      .where(and(eq(products.operatorId, input.operatorId), eq(products.id, input.productId)));
    if (!product) throw new DomainError("product.not_found", { field: "productId" });
    if (amount.lt(product.minAmount) || amount.gt(product.maxAmount)) {
      throw new DomainError("loan.invalid", { field: "amount", details: { min: product.minAmount, max: product.maxAmount } });
    }
    const [loan] = await tx
      .insert(loans)
      .values({
        operatorId: input.operatorId,
        borrowerUserId: input.borrowerUserId,
        productId: product.id,
        applicationId: input.applicationId ?? null,
        purpose: product.purpose,
        titleZh: input.titleZh.trim(),
        regionZh: input.regionZh.trim(),
        amount: amount.toFixed(2),
        annualRate: product.annualRate,
        termMonths: product.termMonths,
        method: product.method,
        serviceFeeRate: product.serviceFeeRate,
        penaltyDailyRate: product.penaltyDailyRate,
        riskLevel: product.riskLevel,
        status: "funding",
        listedAt: now,
        fundingDeadline: new Date(now.getTime() + windowDays * DAY_MS),
        createdAt: now,
      })
      .returning();
    if (!loan) throw new Error("loan insert returned nothing");
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: null, action: "loan.listed_for_funding", subject: loan.id, details: { amount: loan.amount } }, now);
    return loan;
  });
}

export async function getLoan(db: DbOrTx, input: { operatorId: string; loanId: string }): Promise<Loan> {
  if (!isUuid(input.loanId)) throw new DomainError("loan.not_found");
  const [row] = await db.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)));
  if (!row) throw new DomainError("loan.not_found");
  return row;
}
