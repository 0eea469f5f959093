import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { chart } from "../ledger/chart";
import { beijingDate } from "../shared/calendar";
import { queryRows } from "../ledger/db-helpers";
import { MAX_VIOLATIONS_LISTED_PER_CHECK } from "../ledger/limits";
import type { LedgerViolation } from "../ledger";

/**
 * The custody bank never lets our account close a day overdrawn, so neither may its mirror:
 * every closed Beijing day's closing balance of custody:bank (UTC+8, no daylight saving) is
 * ≥ 0. Today is still open: a payout may leave before the day's settlements are on the
 * statement that closes it.
 * Returns one violation per operator and day (at most MAX_VIOLATIONS_LISTED_PER_CHECK) and
 * the exact count. Read-only; one statement.
 */
export async function checkCustodyNeverNegative(db: DbOrTx, input: { operatorId?: string; now?: Date } = {}): Promise<{ count: number; violations: LedgerViolation[] }> {
  const scope = input.operatorId ? sql`a.operator_id = ${input.operatorId}::uuid` : sql`true`;
  const today = beijingDate(input.now ?? new Date());
  const rows = await queryRows<{ subject: string; message: string; total: string | number }>(
    db,
    sql`select c.operator_id::text || ' ' || c.day as subject, format('custody:bank closed %s at %s', c.day, c.closing) as message, count(*) over () as total
          from (select a.operator_id, d.day, sum(d.moved) over (partition by a.id order by d.day) as closing
                  from ledger_accounts a
                  join lateral (select ((p.created_at at time zone 'UTC') + interval '8 hours')::date::text as day, sum(p.amount) as moved
                                  from ledger_postings p where p.account_id = a.id group by 1) d on true
                 where a.code = ${chart.custodyBank().code} and ${scope}) c
         where c.closing < 0 and c.day < ${today}
         order by c.operator_id, c.day
         limit ${MAX_VIOLATIONS_LISTED_PER_CHECK}`,
  );
  return { count: Number(rows[0]?.total ?? 0), violations: rows.map((r) => ({ check: "custody.negative", subject: r.subject, message: r.message })) };
}
