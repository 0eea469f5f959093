import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loans, products, users } from "../../db/schema";
import { Cny } from "../ledger/money";
import { buildSchedule, getLoan, type Loan, type Schedule } from "../lending";
import { maskPhone } from "../shared/mask-phone";
import { maskName } from "./identity-checks";
import { beijingDate } from "../shared/calendar";
import { getCreditSummary, type CreditSummary } from "../borrowing/get-credit-summary";

export type { CreditSummary };

export interface LoanDisclosure {
  loan: Loan;
  productNameZh: string;
  productNameEn: string;
  productCode: string;
  left: string;
  progressPercent: number;
  borrower: { nameMasked: string; phoneMasked: string; regionZh: string };
  creditSummary: CreditSummary | null;
  /** The borrower's other loans still owed or being raised on this platform. */
  otherLoans: { count: number; totalAmount: string };
  /** The whole loan's schedule (from disbursement; no dates until then). */
  schedule: Schedule;
}

/** What an investor is owed before lending (信息披露): the loan, the masked borrower, other debts, the schedule. */
export async function getLoanDisclosure(db: DbOrTx, input: { operatorId: string; loanId: string }): Promise<LoanDisclosure> {
  const loan = await getLoan(db, input);
  const [product] = await db.select().from(products).where(eq(products.id, loan.productId));
  const [borrower] = await db.select({ name: users.name, phone: users.phone }).from(users).where(eq(users.id, loan.borrowerUserId));
  const [others] = await db
    .select({ count: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${loans.amount}), 0)::text` })
    .from(loans)
    .where(
      and(
        eq(loans.operatorId, input.operatorId),
        eq(loans.borrowerUserId, loan.borrowerUserId),
        ne(loans.id, loan.id),
        inArray(loans.status, ["funding", "funded", "disbursing", "disbursed"]),
      ),
    );
  const amount = new Cny(loan.amount);
  const funded = new Cny(loan.fundedAmount);
  const schedule = buildSchedule({
    principalCny: amount.toFixed(2),
    annualRate: loan.annualRate,
    termMonths: loan.termMonths,
    method: loan.method,
    ...(loan.disbursedAt ? { startDate: beijingDate(loan.disbursedAt) } : {}),
  });
  return {
    loan,
    productNameZh: product?.nameZh ?? "",
    productNameEn: product?.nameEn ?? "",
    productCode: product?.code ?? "",
    left: amount.minus(funded).toFixed(2),
    progressPercent: funded.times(100).div(amount).floor().toNumber(),
    borrower: { nameMasked: maskName(borrower?.name ?? null), phoneMasked: borrower ? maskPhone(borrower.phone) : "", regionZh: loan.regionZh },
    creditSummary: await getCreditSummary(db, input),
    otherLoans: { count: Number(others?.count ?? 0), totalAmount: new Cny(others?.total ?? "0").toFixed(2) },
    schedule,
  };
}
