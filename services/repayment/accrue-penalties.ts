import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { getBorrowingSettings } from "../borrowing/get-borrowing-settings";
import { isCalendarDate } from "../shared/calendar";
import { queryRows } from "../ledger/db-helpers";
import { penaltyDailyRateSql, penaltySql } from "./penalty";

/**
 * Accrues penalty interest up to `date` on every installment of the operator's active
 * loans that is past its due date with principal unpaid, and records the date reached, so
 * running it twice for one date adds nothing and a missed day is caught up by the next run.
 * The formula is penalty.ts's (`penaltyDailyRateSql`, `penaltySql`), applied in one
 * statement (set-based, because due processing covers every loan every day).
 */
export async function accruePenalties(db: DbOrTx, input: { operatorId: string; date: string }): Promise<{ installments: number }> {
  if (!isCalendarDate(input.date)) throw new Error(`not a date: ${input.date}`);
  const settings = await getBorrowingSettings(db, input.operatorId);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with due as (
      select i.id,
             (i.principal - i.principal_paid) as overdue_principal,
             (${input.date}::date - greatest(i.due_date::date, coalesce(i.penalty_accrued_through::date, i.due_date::date))) as days,
             ${penaltyDailyRateSql({ penaltyDailyRate: sql`l.penalty_daily_rate`, annualRate: sql`l.annual_rate`, legalCapAnnualRate: sql`${settings.legalCap}::numeric` })} as daily_rate
        from loan_installments i
        join loans l on l.id = i.loan_id
       where l.operator_id = ${input.operatorId}::uuid and l.status = 'disbursed'
         and i.due_date < ${input.date} and i.status <> 'paid'
         and (i.penalty_accrued_through is null or i.penalty_accrued_through < ${input.date})
    )
    update loan_installments i
       set penalty_accrued = i.penalty_accrued + ${penaltySql({ overduePrincipal: sql`due.overdue_principal`, dailyRate: sql`due.daily_rate`, days: sql`due.days` })},
           penalty_accrued_through = ${input.date}
      from due
     where i.id = due.id
    returning i.id`,
  );
  return { installments: rows.length };
}
