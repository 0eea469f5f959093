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

const paidByT = sql`(i.status = 'paid' and i.paid_at is not null and i.paid_at <= m.t)`;
const unpaidAtT = (scheduled: SQL, paid: SQL) => sql`case when ${paidByT} then 0 when i.status = 'paid' then ${scheduled} else ${scheduled} - ${paid} end`;
/** Installments of the loans disbursed by T and not closed by T, per month. */
const liveInstallments = (operatorId: string, months: SQL) =>
  sql`${months} join loans l on l.operator_id = ${operatorId}::uuid and l.disbursed_at is not null and l.disbursed_at <= m.t
                   and (l.closed_at is null or l.closed_at > m.t)
      join loan_installments i on i.loan_id = l.id`;

function interestSql(operatorId: string, months: SQL): SQL {
  return sql`select m.month, coalesce(sum(${unpaidAtT(sql`i.interest`, sql`i.interest_paid`)}), 0)::text as interest
               from ${liveInstallments(operatorId, months)}
              group by m.month`;
}

function overdueSql(operatorId: string, months: SQL): SQL {
  return sql`select o.month, coalesce(sum(o.unpaid), 0)::text as amount, count(distinct o.loan_id)::text as loans,
                    coalesce(sum(o.unpaid) filter (where o.due_date < o.overdue90_before), 0)::text as amount90,
                    count(distinct o.loan_id) filter (where o.due_date < o.overdue90_before)::text as loans90
               from (select m.month, m.overdue90_before, i.loan_id, i.due_date, ${unpaidAtT(sql`i.principal`, sql`i.principal_paid`)} as unpaid
                       from ${liveInstallments(operatorId, months)}
                      where i.due_date < m.as_of_date and not ${paidByT}) o
              group by o.month`;
}

/** Every month's facts, by month (YYYY-MM). */
export async function monthFacts(db: DbOrTx, input: { operatorId: string; months: readonly MonthBound[] }): Promise<Map<string, MonthFacts>> {
  const facts = new Map<string, MonthFacts>();
  if (input.months.length === 0) return facts;
  const months = monthsTable(input.months);
  const byMonth = async <T extends { month: string }>(query: SQL) => new Map((await queryRows<T>(db, query)).map((r) => [r.month, r]));
  const disbursed = await byMonth<NonNullable<MonthFacts["disbursed"]> & { month: string }>(disbursedSql(input.operatorId, months));
  const transfers = await byMonth<NonNullable<MonthFacts["transfers"]> & { month: string }>(transfersSql(input.operatorId, months));
  const interest = await byMonth<NonNullable<MonthFacts["interest"]> & { month: string }>(interestSql(input.operatorId, months));
  const overdue = await byMonth<NonNullable<MonthFacts["overdue"]> & { month: string }>(overdueSql(input.operatorId, months));
  for (const { month } of input.months) {
    facts.set(month, { disbursed: disbursed.get(month), transfers: transfers.get(month), interest: interest.get(month), overdue: overdue.get(month) });
  }
  return facts;
}
