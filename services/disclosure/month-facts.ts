import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";

/**
 * The disclosure's figures that come from loans, installments and debt transfers (not the
 * ledger), for any number of months in four queries (one per kind, every month at once), so a
 * 12-month trend costs what one month did. Definitions and the as-of approximation for
 * installments: build-disclosure-report.ts.
 */
export interface MonthBound {
  month: string;
  /** First instant of the month and its last (T), ISO. */
  from: string;
  t: string;
  asOfDate: string;
  overdue90Before: string;
}

export interface MonthFacts {
  disbursed: { cum_count: string; cum_amount: string; month_count: string; month_amount: string; borrowers: string } | undefined;
  transfers: { cum_count: string; month_count: string; month_principal: string; month_price: string } | undefined;
  interest: { interest: string } | undefined;
  overdue: { amount: string; loans: string; amount90: string; loans90: string } | undefined;
}

/** The months as a derived table m(month, f, t, as_of_date, overdue90_before). */
function monthsTable(months: readonly MonthBound[]): SQL {
  const rows = months.map((m) => sql`(${m.month}, ${m.from}::timestamptz, ${m.t}::timestamptz, ${m.asOfDate}, ${m.overdue90Before})`);
  return sql`(values ${sql.join(rows, sql`, `)}) as m(month, f, t, as_of_date, overdue90_before)`;
}

/** Loans paid out up to T (and within the month), and how many borrowers received them. */
function disbursedSql(operatorId: string, months: SQL): SQL {
  return sql`select m.month, count(l.id)::text as cum_count, coalesce(sum(l.amount), 0)::text as cum_amount,
                    count(l.id) filter (where l.disbursed_at >= m.f)::text as month_count,
                    coalesce(sum(l.amount) filter (where l.disbursed_at >= m.f), 0)::text as month_amount,
                    count(distinct l.borrower_user_id)::text as borrowers
               from ${months} left join loans l
                 on l.operator_id = ${operatorId}::uuid and l.disbursed_at is not null and l.disbursed_at <= m.t
              group by m.month`;
}

/** Debt transfers sold up to T (and within the month): how many, the principal that changed hands, what buyers paid. */
function transfersSql(operatorId: string, months: SQL): SQL {
  return sql`select m.month, count(d.id)::text as cum_count, count(d.id) filter (where d.sold_at >= m.f)::text as month_count,
                    coalesce(sum(d.principal) filter (where d.sold_at >= m.f), 0)::text as month_principal,
                    coalesce(sum(d.price) filter (where d.sold_at >= m.f), 0)::text as month_price
               from ${months} left join debt_transfers d
                 on d.operator_id = ${operatorId}::uuid and d.status = 'sold' and d.sold_at <= m.t
              group by m.month`;
}

/**
 * Interest still unpaid and principal overdue at each month's T, in one pass over the
 * operator's installments: per loan, one filtered sum per month (a loan counts for a month
 * while disbursed by T and not closed by T), then per month over the loans. Month k's columns
 * are interest_k, amount_k, n_k (overdue installments), amount90_k, n90_k.
 */
function installmentsSql(operatorId: string, months: readonly MonthBound[]): SQL {
  const perLoan = months.flatMap((m, k) => {
    const t = sql`${m.t}::timestamptz`;
    const live = sql`l.disbursed_at <= ${t} and (l.closed_at is null or l.closed_at > ${t})`;
    const paidByT = sql`(i.status = 'paid' and i.paid_at is not null and i.paid_at <= ${t})`;
    const unpaid = (scheduled: SQL, paid: SQL) => sql`case when ${paidByT} then 0 when i.status = 'paid' then ${scheduled} else ${scheduled} - ${paid} end`;
    const overdue = sql`${live} and i.due_date < ${m.asOfDate} and not ${paidByT}`;
    const over90 = sql`${overdue} and i.due_date < ${m.overdue90Before}`;
    return [
      sql`coalesce(sum(${unpaid(sql`i.interest`, sql`i.interest_paid`)}) filter (where ${live}), 0) as interest_${sql.raw(String(k))}`,
      sql`coalesce(sum(${unpaid(sql`i.principal`, sql`i.principal_paid`)}) filter (where ${overdue}), 0) as amount_${sql.raw(String(k))}`,
      sql`count(*) filter (where ${overdue}) as n_${sql.raw(String(k))}`,
      sql`coalesce(sum(${unpaid(sql`i.principal`, sql`i.principal_paid`)}) filter (where ${over90}), 0) as amount90_${sql.raw(String(k))}`,
      sql`count(*) filter (where ${over90}) as n90_${sql.raw(String(k))}`,
    ];
  });
  const perMonth = months.flatMap((_, k) => {
    const c = (name: string) => sql.raw(`${name}_${k}`);
    return [
      sql`coalesce(sum(${c("interest")}), 0)::text as ${c("interest")}`,
      sql`coalesce(sum(${c("amount")}), 0)::text as ${c("amount")}`,
      sql`(count(*) filter (where ${c("n")} > 0))::text as ${c("n")}`,
      sql`coalesce(sum(${c("amount90")}), 0)::text as ${c("amount90")}`,
      sql`(count(*) filter (where ${c("n90")} > 0))::text as ${c("n90")}`,
    ];
  });
  return sql`select ${sql.join(perMonth, sql`, `)}
               from (select ${sql.join(perLoan, sql`, `)}
                       from loans l join loan_installments i on i.loan_id = l.id
                      where l.operator_id = ${operatorId}::uuid and l.disbursed_at is not null
                      group by l.id) per_loan`;
}

/** Every month's facts, by month (YYYY-MM). */
export async function monthFacts(db: DbOrTx, input: { operatorId: string; months: readonly MonthBound[] }): Promise<Map<string, MonthFacts>> {
  const facts = new Map<string, MonthFacts>();
  if (input.months.length === 0) return facts;
  const months = monthsTable(input.months);
  const byMonth = async <T extends { month: string }>(query: SQL) => new Map((await queryRows<T>(db, query)).map((r) => [r.month, r]));
  const disbursed = await byMonth<NonNullable<MonthFacts["disbursed"]> & { month: string }>(disbursedSql(input.operatorId, months));
  const transfers = await byMonth<NonNullable<MonthFacts["transfers"]> & { month: string }>(transfersSql(input.operatorId, months));
  const [unpaid] = await queryRows<Record<string, string>>(db, installmentsSql(input.operatorId, input.months));
  input.months.forEach(({ month }, k) => {
    const at = (name: string) => unpaid?.[`${name}_${k}`] ?? "0";
    facts.set(month, {
      disbursed: disbursed.get(month),
      transfers: transfers.get(month),
      interest: { interest: at("interest") },
      overdue: { amount: at("amount"), loans: at("n"), amount90: at("amount90"), loans90: at("n90") },
    });
  });
  return facts;
}

/**
 * The facts the day close kept with each month (disclosure_month_figures.facts), for the months
 * given that have a row still trusted (its as-of day within the snapshots' horizon, as the
 * ledger figures beside it). A kept month shows what was known at its close: later partial
 * payments of its installments do not move a published month.
 */
export async function keptMonthFacts(db: DbOrTx, input: { operatorId: string; months: readonly string[] }): Promise<Map<string, MonthFacts>> {
  if (input.months.length === 0) return new Map();
  const rows = await queryRows<{ month: string; facts: MonthFacts | string }>(
    db,
    sql`select f.month, f.facts
          from disclosure_month_figures f join ledger_snapshot_horizons h on h.operator_id = f.operator_id
         where f.operator_id = ${input.operatorId}::uuid and f.as_of_day <= h.snapshots_through
           and f.month in (${sql.join(input.months.map((m) => sql`${m}`), sql`, `)})`,
  );
  return new Map(rows.map((row) => [row.month, typeof row.facts === "string" ? (JSON.parse(row.facts) as MonthFacts) : row.facts]));
}

/** Every month's facts: the kept ones as kept, the others computed now (monthFacts). */
export async function factsOfMonths(db: DbOrTx, input: { operatorId: string; months: readonly MonthBound[] }): Promise<Map<string, MonthFacts>> {
  const kept = await keptMonthFacts(db, { operatorId: input.operatorId, months: input.months.map((m) => m.month) });
  const computed = await monthFacts(db, { operatorId: input.operatorId, months: input.months.filter((m) => !kept.has(m.month)) });
  return new Map([...kept, ...computed]);
}
