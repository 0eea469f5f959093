import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { addDays, beijingDate } from "../shared/calendar";
import { queryRows } from "./db-helpers";
import { dayEndSql, earlierDay } from "./snapshot-days";

/**
 * How the ledger's "as of" reads combine balance snapshots with later postings
 * (docs/decisions/2026-12-03-balance-snapshots.md). A snapshot of day D holds every
 * posting created before D ends; a read bounded by an instant uses the latest day D that
 * (a) is at or before the operator's snapshots_through and (b) ends no later than the
 * bound (or ends after it with no entry of the operator in between), then adds the
 * postings created from the end of D up to the bound.
 */
export type ReadBound = { before: Date } | { atOrBefore: Date } | { everything: true };

/** The snapshot day to start a read from, or null when there is none (sum every posting). */
export async function snapshotDayFor(db: DbOrTx, operatorId: string, bound: ReadBound): Promise<string | null> {
  const inclusive = "atOrBefore" in bound;
  const at = inclusive ? bound.atOrBefore : "before" in bound ? bound.before : new Date();
  const day = beijingDate(at);
  const [row] = await queryRows<{ through: string | null; rest_of_day_empty: boolean }>(
    db,
    sql`select h.snapshots_through::text as through,
               ${
                 inclusive
                   ? sql`not exists (select 1 from ledger_entries e where e.operator_id = ${operatorId}::uuid
                            and e.created_at > ${at.toISOString()}::timestamptz and e.created_at < ${dayEndSql(day)})`
                   : sql`false`
               } as rest_of_day_empty
          from ledger_snapshot_horizons h where h.operator_id = ${operatorId}::uuid`,
  );
  if (!row?.through) return null;
  if ("everything" in bound) return row.through;
  // Day `day` itself qualifies only for an inclusive bound with nothing booked after it that day.
  const candidate = inclusive && row.rest_of_day_empty ? day : addDays(day, -1);
  return earlierDay(candidate, row.through);
}

/** Postings of the read bound, as a condition on `p.created_at` (and `p.id` for a statement cursor). */
export function boundCondition(bound: ReadBound): SQL {
  if ("atOrBefore" in bound) return sql`p.created_at <= ${bound.atOrBefore.toISOString()}::timestamptz`;
  if ("before" in bound) return sql`p.created_at < ${bound.before.toISOString()}::timestamptz`;
  return sql`true`;
}

/**
 * One account's signed sum of postings (debit positive) up to a bound, as a scalar SQL
 * expression: its latest snapshot on or before `day` plus its postings after that day
 * matching `condition` (a condition on `p`). `day` null: every matching posting.
 */
export function accountSumSql(accountId: string, day: string | null, condition: SQL): SQL {
  if (day === null) {
    return sql`coalesce((select sum(p.amount) from ledger_postings p where p.account_id = ${accountId}::uuid and ${condition}), 0)`;
  }
  return sql`(coalesce((select s.balance from ledger_balance_snapshots s
                         where s.account_id = ${accountId}::uuid and s.day <= ${day}::date
                         order by s.day desc limit 1), 0)
            + coalesce((select sum(p.amount) from ledger_postings p
                         where p.account_id = ${accountId}::uuid and p.created_at >= ${dayEndSql(day)} and ${condition}), 0))`;
}

/**
 * Every account's signed sum and posting count up to `asOf` (inclusive), for the accounts
 * `accountIds` selects (a subquery of account ids; all of the operator's when absent), as a
 * derived table (account_id, balance, postings). Accounts without postings are absent.
 * Reads each account's latest snapshot row on or before `day` (one primary-key probe per
 * account: an account has rows only on the days it moved) and the postings after `day`
 * found through the entries' (operator, created_at) index.
 */
export function balancesAsOfSql(input: { operatorId: string; day: string | null; asOf: Date; accountIds?: SQL }): SQL {
  const { operatorId, day, asOf } = input;
  const t = asOf.toISOString();
  const inSnapshots = input.accountIds ? sql`and a.id in (${input.accountIds})` : sql``;
  const inPostings = input.accountIds ? sql`and p.account_id in (${input.accountIds})` : sql``;
  if (day === null && input.accountIds) {
    // A chosen set of accounts: each account's postings through its (account_id, created_at) index.
    return sql`(select p.account_id, sum(p.amount) as balance, count(*) as postings
                  from ledger_accounts a join ledger_postings p on p.account_id = a.id and p.created_at <= ${t}::timestamptz
                 where a.id in (${input.accountIds})
                 group by p.account_id)`;
  }
  if (day === null) {
    return sql`(select p.account_id, sum(p.amount) as balance, count(*) as postings from ledger_postings p
                 where p.operator_id = ${operatorId}::uuid and p.created_at <= ${t}::timestamptz
                 group by p.account_id)`;
  }
  // A full join (not UNION ALL + GROUP BY) so the planner sees how many accounts come out and
  // hash-joins what follows instead of probing ledger_accounts once per account.
  return sql`(select coalesce(s.account_id, m.account_id) as account_id,
                     coalesce(s.balance, 0) + coalesce(m.balance, 0) as balance,
                     coalesce(s.postings, 0) + coalesce(m.postings, 0) as postings
                from (select a.id as account_id, l.balance, l.postings
                        from ledger_accounts a
                        join lateral (select s.balance, s.postings from ledger_balance_snapshots s
                                       where s.account_id = a.id and s.day <= ${day}::date
                                       order by s.day desc limit 1) l on true
                       where a.operator_id = ${operatorId}::uuid ${inSnapshots}) s
                full join (select p.account_id, sum(p.amount) as balance, count(*) as postings
                             from ledger_entries e join ledger_postings p on p.entry_id = e.id
                            where e.operator_id = ${operatorId}::uuid
                              and e.created_at >= ${dayEndSql(day)} and e.created_at <= ${t}::timestamptz ${inPostings}
                            group by p.account_id) m on m.account_id = s.account_id)`;
}
