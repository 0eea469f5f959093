import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";

/**
 * Opens a case for every disbursed loan at least one day past due (loan_delinquency, kept
 * by due processing) that has no open case, and moves every open case's bucket to the
 * loan's current one. Idempotent: the partial unique index (one open case per loan)
 * decides, so two runs (or two processes) open one case.
 */
export async function openCollectionCases(db: DbOrTx, input: { operatorId: string; now: Date }): Promise<{ opened: number; moved: number }> {
  const opened = await queryRows<{ id: string }>(
    db,
    sql`insert into collection_cases (operator_id, loan_id, borrower_user_id, status, bucket, overdue_at_open, opened_at)
        select l.operator_id, l.id, l.borrower_user_id, 'open', d.bucket, d.overdue_total, ${input.now.toISOString()}::timestamptz
          from loan_delinquency d join loans l on l.id = d.loan_id
         where d.operator_id = ${input.operatorId}::uuid and l.status = 'disbursed' and d.days_past_due >= 1
           and not exists (select 1 from collection_cases c where c.loan_id = l.id and c.status = 'open')
         order by l.id
        on conflict do nothing
        returning id::text as id`,
  );
  const moved = await queryRows<{ id: string }>(
    db,
    sql`update collection_cases c set bucket = d.bucket
          from loan_delinquency d
         where c.operator_id = ${input.operatorId}::uuid and c.status = 'open' and d.loan_id = c.loan_id
           and d.days_past_due >= 1 and c.bucket <> d.bucket
        returning c.id::text as id`,
  );
  return { opened: opened.length, moved: moved.length };
}
