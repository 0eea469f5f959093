import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";
import type Decimal from "decimal.js";

/**
 * How long money may wait in a clearing account for its counterparty before a person
 * should look: the slowest settlement we expect is a Stripe payout (T+2 working days,
 * three calendar days over a weekend), plus a day for the bank's statement to arrive.
 */
export const DEFAULT_CLEARING_MAX_AGE_DAYS = 4;

export interface AgedClearingItems {
  accountCode: string;
  /** Postings into the account not yet covered by what left it (first in, first out) and older than the limit. */
  items: number;
  amountCny: Decimal;
  oldestAt: Date;
}

/**
 * Money that arrived in a clearing account and has not been settled out of it for longer
 * than `maxAgeDays`, per account. Settlements are matched to arrivals first in, first out:
 * what left the account covers its oldest arrivals first, so the arrivals still (partly)
 * uncovered are the newest ones unless something is stuck. Read-only; one statement.
 */
export async function listAgedClearingItems(db: DbOrTx, input: { operatorId?: string; maxAgeDays?: number; now?: Date }): Promise<AgedClearingItems[]> {
  const maxAgeDays = input.maxAgeDays ?? DEFAULT_CLEARING_MAX_AGE_DAYS;
  if (!Number.isInteger(maxAgeDays) || maxAgeDays < 0) throw new Error(`maxAgeDays must be a whole number of days ≥ 0, not ${maxAgeDays}`);
  const cutoff = new Date((input.now ?? new Date()).getTime() - maxAgeDays * 86_400_000).toISOString();
  const scope = input.operatorId ? sql`a.operator_id = ${input.operatorId}::uuid` : sql`true`;
  const rows = await queryRows<{ code: string; items: number; amount: string; oldest: string | Date }>(
    db,
    // materialized: inlined, the correlated sum would be recomputed for every arrival (quadratic on a busy account).
    sql`with accounts as materialized (
          select a.id, a.code, coalesce((select -sum(q.amount) from ledger_postings q where q.account_id = a.id and q.amount < 0), 0) as settled
            from ledger_accounts a where starts_with(a.code, 'clearing:') and ${scope}
        ), arrivals as (
          select c.code, c.settled, p.created_at, p.amount,
                 sum(p.amount) over (partition by c.id order by p.created_at, p.id) as running
            from accounts c join ledger_postings p on p.account_id = c.id and p.amount > 0
        )
        select code, count(*)::int as items, sum(least(amount, running - settled))::text as amount, min(created_at) as oldest
          from arrivals
         where running > settled and created_at < ${cutoff}::timestamptz
         group by code order by code`,
  );
  return rows.map((r) => ({ accountCode: r.code, items: r.items, amountCny: new Cny(r.amount), oldestAt: new Date(r.oldest) }));
}
