import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { isCalendarDate } from "../shared/calendar";

/**
 * Recomputes every active loan's delinquency on `date` in one statement: the same rule as
 * computeDelinquency (an installment is overdue from the day after its due date while
 * anything of it is owed; buckets 1–30, 31–60, 61–90, 90+ days). Idempotent.
 */
export async function refreshDelinquency(db: DbOrTx, input: { operatorId: string; date: string }): Promise<{ loans: number; overdue: number }> {
  if (!isCalendarDate(input.date)) throw new Error(`not a date: ${input.date}`);
  const rows = await queryRows<{ overdue: boolean }>(
    db,
    sql`
    with owed as (
      select l.id as loan_id,
             i.due_date,
             (i.principal - i.principal_paid) as principal_owed,
             (i.principal - i.principal_paid) + (i.interest - i.interest_paid - i.interest_waived) + (i.penalty_accrued - i.penalty_paid) as total_owed
        from loans l
        left join loan_installments i on i.loan_id = l.id and i.due_date < ${input.date}
       where l.operator_id = ${input.operatorId}::uuid and l.status = 'disbursed'
    ), per_loan as (
      select loan_id,
             min(due_date) filter (where total_owed > 0) as overdue_since,
             coalesce(sum(principal_owed) filter (where total_owed > 0), 0) as overdue_principal,
             coalesce(sum(total_owed) filter (where total_owed > 0), 0) as overdue_total
        from owed group by loan_id
    ), computed as (
      select loan_id, overdue_since, overdue_principal, overdue_total,
             coalesce(${input.date}::date - overdue_since::date, 0) as dpd
        from per_loan
    )
    insert into loan_delinquency (loan_id, operator_id, overdue_since, days_past_due, bucket, overdue_principal, overdue_total, as_of, updated_at)
    select loan_id, ${input.operatorId}::uuid, overdue_since, dpd,
           case when dpd <= 0 then 'current' when dpd <= 30 then '1-30' when dpd <= 60 then '31-60' when dpd <= 90 then '61-90' else '90+' end,
           overdue_principal, overdue_total, ${input.date}, now()
      from computed
    on conflict (loan_id) do update set overdue_since = excluded.overdue_since, days_past_due = excluded.days_past_due,
           bucket = excluded.bucket, overdue_principal = excluded.overdue_principal, overdue_total = excluded.overdue_total,
           as_of = excluded.as_of, updated_at = excluded.updated_at
    returning (days_past_due > 0) as overdue`,
  );
  return { loans: rows.length, overdue: rows.filter((r) => r.overdue).length };
}
