import Decimal from "decimal.js";
import { Cny, fenFromText, ZERO_CNY } from "../ledger/money";
import { daysBetween } from "../shared/calendar";
import { fen, type ExpectedInstallment } from "./expected-returns";

/** One row of a disbursed loan's schedule (loan_installments) as the borrower owes it today. */
export interface OwedInstallment {
  n: number;
  dueDate: string;
  principal: string;
  interest: string;
  principalPaid: string;
  interestPaid: string;
  interestWaived: string;
}

/**
 * What an investor still expects from a disbursed loan: their share of each installment's
 * unpaid principal and unpaid, unwaived interest (net of the service fee), paid installments
 * left out — so 待收 drops by what came back and 待收 + 已收 is what was expected, to the fen
 * per installment (the real split among investors is by largest remainder). The principal
 * parts are made to add up to the investor's claim exactly (the last one absorbs rounding),
 * since the claim's balance is what they are owed.
 */
export function remainingReturns(input: {
  installments: readonly OwedInstallment[];
  loanAmountCny: string;
  principalCny: string;
  outstandingPrincipalCny: string;
  serviceFeeRate: string;
}): ExpectedInstallment[] {
  const share = new Cny(input.principalCny).div(input.loanAmountCny);
  const keep = new Cny(1).minus(input.serviceFeeRate);
  const owed = [...input.installments]
    .sort((a, b) => a.n - b.n)
    .map((i) => ({
      n: i.n,
      dueDate: i.dueDate,
      principal: Decimal.max(ZERO_CNY, new Cny(i.principal).minus(i.principalPaid)),
      interest: Decimal.max(ZERO_CNY, new Cny(i.interest).minus(i.interestPaid).minus(i.interestWaived)),
    }))
    .filter((i) => i.principal.gt(0) || i.interest.gt(0));
  const parts = owed.map((i) => ({ n: i.n, dueDate: i.dueDate, principal: fen(i.principal.times(share)), interest: fen(i.interest.times(share).times(keep)) }));
  const last = parts[parts.length - 1];
  if (last) {
    const others = parts.slice(0, -1).reduce((sum, p) => sum.plus(p.principal), ZERO_CNY);
    last.principal = Decimal.max(ZERO_CNY, new Cny(input.outstandingPrincipalCny).minus(others));
  }
  return parts.map((p) => ({ n: p.n, dueDate: p.dueDate, principal: p.principal.toFixed(2), interest: p.interest.toFixed(2), total: p.principal.plus(p.interest).toFixed(2) }));
}

/**
 * How many days the loan is overdue as the investor sees it: from the earliest installment
 * due before `today` that the borrower has not settled (principal, and interest net of any
 * waiver), to `today`. Null when nothing is past due.
 */
export function overdueDays(installments: readonly OwedInstallment[], today: string): number | null {
  const unsettled = installments.filter(
    (i) => i.dueDate < today && (fenFromText(i.principalPaid) < fenFromText(i.principal) || fenFromText(i.interestPaid) + fenFromText(i.interestWaived) < fenFromText(i.interest)),
  );
  if (unsettled.length === 0) return null;
  const earliest = unsettled.reduce((a, b) => (a.dueDate <= b.dueDate ? a : b));
  const days = daysBetween(earliest.dueDate, today);
  if (days <= 0) throw new Error("overdueDays: a past due date must be at least a day before today");
  return days;
}
