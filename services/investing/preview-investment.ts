import { isUuid } from "../shared/ids";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loans } from "../../db/schema";
import { Cny } from "../ledger/money";
import { buildSchedule, type Loan } from "../lending";
import { DomainError } from "../shared/errors";
import { checkInvestAmount } from "./check-invest-amount";
import { checkInvestor } from "./check-investor";
import { expectedReturns, type ExpectedReturns } from "./expected-returns";
import { parseInvestAmount } from "./invest";

/** The investor's expected share of the loan's payments for `amount` (before investing). */
export function previewReturns(loan: Loan, amountCny: string): ExpectedReturns {
  const schedule = buildSchedule({ principalCny: new Cny(loan.amount).toFixed(2), annualRate: loan.annualRate, termMonths: loan.termMonths, method: loan.method });
  return expectedReturns({ schedule, loanAmountCny: loan.amount, principalCny: amountCny, serviceFeeRate: loan.serviceFeeRate });
}

/**
 * Checks an amount against the loan and the investor without changing anything: the
 * confirmation step shows the expected returns of what passes here.
 */
export async function previewInvestment(
  db: Db,
  input: { operatorId: string; investorUserId: string; loanId: string; amount: string; now?: Date },
): Promise<{ loan: Loan; amount: string; returns: ExpectedReturns }> {
  const now = input.now ?? new Date();
  const amount = parseInvestAmount(input.amount);
  if (!isUuid(input.loanId)) throw new DomainError("loan.not_found");
  const [loan] = await db.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)));
  if (!loan) throw new DomainError("loan.not_found");
  if (loan.status !== "funding" || loan.fundingDeadline.getTime() <= now.getTime()) throw new DomainError("invest.loan_not_open");
  await checkInvestor(db, { operatorId: input.operatorId, investorUserId: input.investorUserId, loan, now });
  checkInvestAmount(loan, amount);
  return { loan, amount: amount.toFixed(2), returns: previewReturns(loan, amount.toFixed(2)) };
}
