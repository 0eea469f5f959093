import type Decimal from "decimal.js";
import type { DbOrTx } from "../../db/client";
import { Cny, cnyFromDb } from "../ledger/money";
import { beijingDate, endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { normalizeOperatorId } from "../ledger/validate";
import { computeLedgerMonthFigures, keptLedgerMonthFigures, type LedgerMonthFigures } from "./ledger-month-figures";
import { factsOfMonths, type MonthBound, type MonthFacts } from "./month-facts";

/**
 * The monthly disclosure report (信息披露, DESIGN §3: "a monthly disclosure of lending
 * figures"). Every figure is "as of" the last instant of the month's last Beijing
 * calendar day (23:59:59.999 +08:00), called T below; "as-of date" is that last day.
 *
 * Definitions (what each figure counts):
 * - A loan is *disbursed by T* when `loans.disbursed_at <= T`; disbursed *in the month*
 *   when `disbursed_at` falls in [first instant of the month's first day, T]. Amount: `loans.amount`.
 * - *Outstanding principal* is the ledger: the balance at T of each `loan:principal:<loanId>`
 *   account (sum of its postings with created_at <= T, read as the latest balance snapshot
 *   plus the postings after it). A loan *has outstanding principal*
 *   when that balance is > 0. Exact for any past month: postings are append-only.
 * - *Interest outstanding*: the scheduled interest not yet paid at T, over the installments
 *   of loans disbursed by T and not closed by T (see `unpaidAtT` below for the approximation).
 * - *Lenders*: cumulative = investors with a `claim:<investor>:<loan>` account that had any
 *   posting by T (they funded a disbursed loan); current = those whose claims sum to > 0 at T.
 * - *Debt transfers* (债权转让, services/transfers): sold transfers with `sold_at` by T (cumulative) and in
 *   the month; principal is the claim that changed hands, amount what buyers paid. Exact: rows are never changed after sale.
 * - *Borrowers*: cumulative = distinct borrowers of loans disbursed by T; current = distinct
 *   borrowers of loans with outstanding principal at T.
 * - *Concentration*: outstanding principal per borrower at T; the ten largest together, and
 *   the largest alone, divided by total outstanding principal. null when nothing is outstanding.
 * - *Overdue*: an installment of a loan disbursed by T and not closed by T is overdue when its
 *   due_date < the as-of date and it was not fully paid by T (status 'paid' with paid_at <= T).
 *   Overdue amount = unpaid principal of overdue installments; overdue loans = loans with at
 *   least one overdue installment. *Over 90 days*: the as-of date is more than 90 calendar
 *   days after the due date (due_date < as-of date − 90 days): count = loans with such an
 *   installment, amount = unpaid principal of such installments.
 * - *Overdue rate* by count = overdue loans / loans with outstanding principal; by amount =
 *   overdue amount / outstanding principal. null when the denominator is zero.
 *
 * As-of approximation for installments (honest limits of the data): `loan_installments`
 * keeps only the current running totals (principal_paid, interest_paid) and one `paid_at`,
 * the moment the installment became fully paid; partial payments carry no timestamp. So:
 * - fully paid at or before T (status 'paid', paid_at <= T): nothing unpaid at T — exact;
 * - fully paid after T: everything counted unpaid at T (partial payments made before T, if
 *   any, are not visible, so this may overstate the unpaid part for a past month);
 * - not fully paid now: unpaid = scheduled − paid so far (partial payments are assumed to have
 *   been made by T — exact for the latest month end, may understate for an earlier month if
 *   a partial payment came after T).
 * The outstanding *principal* totals do not have this limit: they come from the ledger.
 * A repayment record with its own timestamps per installment (issue 7) would make these
 * exact; no column is added here.
 */

export const TREND_MONTHS = 12;
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DisclosureFigures {
  /** YYYY-MM */
  month: string;
  /** First and last Beijing calendar day of the month. */
  firstDate: string;
  asOfDate: string;
  /** The instant all figures are as of: end of asOfDate, Beijing time. */
  asOf: Date;
  cumulativeDisbursedCount: number;
  cumulativeDisbursedCny: Decimal;
  monthDisbursedCount: number;
  monthDisbursedCny: Decimal;
  outstandingPrincipalCny: Decimal;
  outstandingLoanCount: number;
  outstandingInterestCny: Decimal;
  cumulativeLenders: number;
  currentLenders: number;
  cumulativeBorrowers: number;
  currentBorrowers: number;
  cumulativeTransferCount: number;
  monthTransferCount: number;
  monthTransferPrincipalCny: Decimal;
  monthTransferPriceCny: Decimal;
  /** Fractions (0.25 = 25%); null when nothing is outstanding. */
  top10BorrowerShare: Decimal | null;
  largestBorrowerShare: Decimal | null;
  overdueCny: Decimal;
  overdueLoanCount: number;
  overdue90Cny: Decimal;
  overdue90LoanCount: number;
  overdueRateByCount: Decimal | null;
  overdueRateByAmount: Decimal | null;
}

export interface DisclosureReport {
  operatorId: string;
  figures: DisclosureFigures;
  /** The same figures for the TREND_MONTHS months ending with the report month, oldest first. */
  trend: DisclosureFigures[];
}

/** A YYYY-MM string, or null if not a real month. */
export function parseMonth(value: string | null | undefined): string | null {
  return value && MONTH_PATTERN.test(value) ? value : null;
}

/** `month` moved by `delta` months (negative: earlier). */
export function shiftMonth(month: string, delta: number): string {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new DomainError("disclosure.invalid_month", { field: "month" });
  const index = Number(match[1]) * 12 + (Number(match[2]) - 1) + delta;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The last complete month in Beijing time: in any day of June, May. */
export function lastFullMonth(now: Date = new Date()): string {
  return shiftMonth(beijingDate(now).slice(0, 7), -1);
}

/** First and last calendar day of a month, and the instants that bound it in Beijing time. */
export function monthBounds(month: string): { firstDate: string; asOfDate: string; from: Date; asOf: Date } {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new DomainError("disclosure.invalid_month", { field: "month" });
  const year = Number(match[1]);
  const m = Number(match[2]);
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const firstDate = `${month}-01`;
  const asOfDate = `${month}-${String(lastDay).padStart(2, "0")}`;
  return { firstDate, asOfDate, from: startOfBeijingDay(firstDate), asOf: endOfBeijingDay(asOfDate) };
}

/** A calendar date `days` days before `date` (both YYYY-MM-DD). */
function daysBefore(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() - days * DAY_MS).toISOString().slice(0, 10);
}

function share(part: Decimal, whole: Decimal): Decimal | null {
  return whole.isZero() ? null : new Cny(part).div(whole);
}

/** A month's bounds as monthFacts takes them. */
export function monthBound(month: string): MonthBound {
  const { asOfDate, from, asOf } = monthBounds(month);
  return { month, from: from.toISOString(), t: asOf.toISOString(), asOfDate, overdue90Before: daysBefore(asOfDate, 90) };
}

/**
 * All figures of one month, as of the end of its last day (Beijing). The ledger's figures come
 * from the month's kept row when the day close has made it and it is still trusted, else from
 * the balance snapshots and later postings.
 */
export async function computeDisclosureFigures(db: DbOrTx, input: { operatorId: string; month: string }): Promise<DisclosureFigures> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const facts = (await factsOfMonths(db, { operatorId, months: [monthBound(input.month)] })).get(input.month)!;
  const kept = (await keptLedgerMonthFigures(db, { operatorId, months: [input.month] })).get(input.month);
  const ledger = kept ?? (await computeLedgerMonthFigures(db, { operatorId, asOf: monthBounds(input.month).asOf }));
  return figuresOf(input.month, facts, ledger);
}

/** The figures of a month from its facts (loans, installments, transfers) and its ledger figures. */
function figuresOf(month: string, { disbursed, transfers, interest, overdue }: MonthFacts, ledger: LedgerMonthFigures): DisclosureFigures {
  const { firstDate, asOfDate, asOf } = monthBounds(month);
  const { outstandingPrincipalCny, outstandingLoanCount } = ledger;
  const overdueCny = cnyFromDb(overdue?.amount);
  const overdueLoanCount = Number(overdue?.loans ?? 0);
  return {
    month,
    firstDate,
    asOfDate,
    asOf,
    cumulativeDisbursedCount: Number(disbursed?.cum_count ?? 0),
    cumulativeDisbursedCny: cnyFromDb(disbursed?.cum_amount),
    monthDisbursedCount: Number(disbursed?.month_count ?? 0),
    monthDisbursedCny: cnyFromDb(disbursed?.month_amount),
    outstandingPrincipalCny,
    outstandingLoanCount,
    outstandingInterestCny: cnyFromDb(interest?.interest),
    cumulativeLenders: ledger.cumulativeLenders,
    currentLenders: ledger.currentLenders,
    cumulativeBorrowers: Number(disbursed?.borrowers ?? 0),
    currentBorrowers: ledger.currentBorrowers,
    cumulativeTransferCount: Number(transfers?.cum_count ?? 0),
    monthTransferCount: Number(transfers?.month_count ?? 0),
    monthTransferPrincipalCny: cnyFromDb(transfers?.month_principal),
    monthTransferPriceCny: cnyFromDb(transfers?.month_price),
    top10BorrowerShare: share(ledger.top10PrincipalCny, outstandingPrincipalCny),
    largestBorrowerShare: share(ledger.largestPrincipalCny, outstandingPrincipalCny),
    overdueCny,
    overdueLoanCount,
    overdue90Cny: cnyFromDb(overdue?.amount90),
    overdue90LoanCount: Number(overdue?.loans90 ?? 0),
    overdueRateByCount: outstandingLoanCount === 0 ? null : new Cny(overdueLoanCount).div(outstandingLoanCount),
    overdueRateByAmount: share(overdueCny, outstandingPrincipalCny),
  };
}

/**
 * The report of one month (YYYY-MM, Beijing) for an operator: its figures and the trend of
 * the same figures over the TREND_MONTHS months ending with it (for charts).
 */
export async function buildDisclosureReport(db: DbOrTx, input: { operatorId: string; month: string; trendMonths?: number }): Promise<DisclosureReport> {
  const month = parseMonth(input.month);
  if (!month) throw new DomainError("disclosure.invalid_month", { field: "month" });
  const count = input.trendMonths ?? TREND_MONTHS;
  const operatorId = normalizeOperatorId(input.operatorId);
  const months = Array.from({ length: Math.max(1, count) }, (_, i) => shiftMonth(month, i - Math.max(1, count) + 1));
  // Every month's facts in four queries and the kept ledger figures in one; only months not kept compute theirs.
  const facts = await factsOfMonths(db, { operatorId, months: months.map(monthBound) });
  const kept = await keptLedgerMonthFigures(db, { operatorId, months });
  const all: DisclosureFigures[] = [];
  for (const m of months) {
    const ledger = kept.get(m) ?? (await computeLedgerMonthFigures(db, { operatorId, asOf: monthBounds(m).asOf }));
    all.push(figuresOf(m, facts.get(m)!, ledger));
  }
  const figures = all[all.length - 1]!;
  const trend = count > 0 ? all : [];
  return { operatorId, figures, trend };
}
