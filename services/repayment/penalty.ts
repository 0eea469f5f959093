import type Decimal from "decimal.js";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";

export const DAYS_PER_YEAR = 365;

/**
 * The penalty formula, in one place. It is SQL because accrual runs set-based over every
 * overdue installment in one statement (accrue-penalties.ts); the functions at the end
 * evaluate this same SQL for given figures, so tests and any preview use the real formula
 * rather than a copy of it.
 */

/**
 * The penalty rate a day actually charged: the contract's, but never so much that the
 * contract rate plus penalty, as a simple annual rate on the overdue principal, passes the
 * legal cap (4 × LPR). A contract already at the cap charges no penalty at all. Truncated
 * (never rounded up) to ten places.
 */
export function penaltyDailyRateSql(p: { penaltyDailyRate: SQL; annualRate: SQL; legalCapAnnualRate: SQL }): SQL {
  return sql`trunc(least(${p.penaltyDailyRate}, greatest(0, ${p.legalCapAnnualRate} - ${p.annualRate}) / ${DAYS_PER_YEAR}), 10)`;
}

/** Penalty for `days` days on the overdue principal at a daily rate, rounded half up to the fen. */
export function penaltySql(p: { overduePrincipal: SQL; dailyRate: SQL; days: SQL }): SQL {
  return sql`round(${p.overduePrincipal} * ${p.dailyRate} * ${p.days}, 2)`;
}

/** Figures typed as the columns accrual reads them from: rates numeric(9,6), amounts numeric(20,2). */
const asRate = (value: Decimal.Value) => sql`${new Cny(value).toFixed()}::numeric(9,6)`;
const asMoney = (value: Decimal.Value) => sql`${new Cny(value).toFixed()}::numeric(20,2)`;

/** `penaltyDailyRateSql` evaluated for one contract (what accrual charges it a day). */
export async function effectivePenaltyDailyRate(
  db: DbOrTx,
  input: { penaltyDailyRate: Decimal.Value; annualRate: Decimal.Value; legalCapAnnualRate: Decimal.Value },
): Promise<Decimal> {
  const rate = penaltyDailyRateSql({
    penaltyDailyRate: asRate(input.penaltyDailyRate),
    annualRate: asRate(input.annualRate),
    // The legal cap comes from settings as text, cast as accrual casts it.
    legalCapAnnualRate: sql`${new Cny(input.legalCapAnnualRate).toFixed()}::numeric`,
  });
  const [row] = await queryRows<{ value: string }>(db, sql`select (${rate})::text as value`);
  return new Cny(row!.value);
}

/** `penaltySql` evaluated: the penalty for `days` days on an overdue principal at a daily rate. */
export async function penaltyFor(db: DbOrTx, input: { overduePrincipalCny: Decimal.Value; dailyRate: Decimal.Value; days: number }): Promise<Decimal> {
  if (!Number.isInteger(input.days) || input.days < 0) throw new Error(`bad day count ${input.days}`);
  const penalty = penaltySql({ overduePrincipal: asMoney(input.overduePrincipalCny), dailyRate: sql`${new Cny(input.dailyRate).toFixed()}::numeric`, days: sql`${input.days}::integer` });
  const [row] = await queryRows<{ value: string }>(db, sql`select (${penalty})::text as value`);
  return new Cny(row!.value);
}
