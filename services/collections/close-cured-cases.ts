import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";

/**
 * Closes open cases whose loan no longer needs collecting: `paid_off` when the loan is
 * closed, `cured` when it is current again (nothing past due). Idempotent.
 */
export async function closeCuredCases(db: DbOrTx, input: { operatorId: string; now: Date }): Promise<{ cured: number; paidOff: number }> {
  const rows = await queryRows<{ reason: string }>(
    db,
    sql`update collection_cases c
           set status = 'closed', closed_at = ${input.now.toISOString()}::timestamptz,
               closed_reason = case when l.status = 'closed' then 'paid_off' else 'cured' end
          from loans l
          left join loan_delinquency d on d.loan_id = l.id
         where c.operator_id = ${input.operatorId}::uuid and c.status = 'open' and l.id = c.loan_id
           and (l.status = 'closed' or (l.status = 'disbursed' and coalesce(d.days_past_due, 0) = 0))
        returning c.closed_reason as reason`,
  );
  return { cured: rows.filter((r) => r.reason === "cured").length, paidOff: rows.filter((r) => r.reason === "paid_off").length };
}
