import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { addDays, beijingDate, isCalendarDate } from "../shared/calendar";
import { queryRows } from "./db-helpers";
import { MAX_SNAPSHOT_DAYS_PER_TRANSACTION, SNAPSHOT_SEAL_LOCK_TIMEOUT_MS } from "./limits";
import { earlierDay } from "./snapshot-days";
import { normalizeOperatorId } from "./validate";

export interface MadeSnapshots {
  /** Days built by this call (none when already up to date or the seal timed out). */
  fromDay: string | null;
  throughDay: string | null;
  rows: number;
  /** The seal could not wait for in-flight writers within SNAPSHOT_SEAL_LOCK_TIMEOUT_MS; try again later. */
  sealTimedOut: boolean;
}

interface Horizon {
  sealed_through: string | null;
  snapshots_through: string | null;
}

/**
 * Day close of the books: seals every day up to `throughDay` (never a day that has not
 * ended by `now`), then builds the balance snapshots of all sealed days not built yet,
 * oldest first, MAX_SNAPSHOT_DAYS_PER_TRANSACTION days per transaction, set-based.
 * Idempotent: a second call finds nothing to do; a posting booked into a sealed day
 * (the postings trigger, ledger_postings_apply) makes the next call rebuild from that day.
 *
 * Sealing waits for every transaction that has written postings and not yet committed
 * (LOCK ledger_postings IN SHARE MODE, held only while the seal is written): a posting
 * is then either committed before the snapshot is read, or its trigger sees the seal.
 */
export async function makeBalanceSnapshots(
  db: Db,
  input: { operatorId: string; throughDay?: string; now?: Date },
): Promise<MadeSnapshots> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const now = input.now ?? new Date();
  const lastEnded = addDays(beijingDate(now), -1);
  if (input.throughDay !== undefined && !isCalendarDate(input.throughDay)) throw new Error(`not a calendar date: ${input.throughDay}`);
  const target = input.throughDay ? earlierDay(input.throughDay, lastEnded) : lastEnded;

  const sealed = await seal(db, operatorId, target);
  if (!sealed) return { fromDay: null, throughDay: null, rows: 0, sealTimedOut: true };

  let fromDay: string | null = null;
  let throughDay: string | null = null;
  let rows = 0;
  for (;;) {
    const built = await db.transaction((tx) => buildNextDays(tx, operatorId));
    if (!built) break;
    fromDay ??= built.fromDay;
    throughDay = built.throughDay;
    rows += built.rows;
  }
  return { fromDay, throughDay, rows, sealTimedOut: false };
}

/** Moves sealed_through forward to `target` (never back) once no posting writer is in flight. */
async function seal(db: Db, operatorId: string, target: string): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = ${SNAPSHOT_SEAL_LOCK_TIMEOUT_MS}`));
      await tx.execute(sql`lock table ledger_postings in share mode`);
      await tx.execute(sql`
        insert into ledger_snapshot_horizons as h (operator_id, sealed_through) values (${operatorId}::uuid, ${target}::date)
        on conflict (operator_id) do update
          set sealed_through = greatest(h.sealed_through, excluded.sealed_through), updated_at = now()
        where h.sealed_through is null or h.sealed_through < excluded.sealed_through`);
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") return false; // lock_not_available
    throw error;
  }
}

/** One transaction of catch-up: the next days after snapshots_through, up to sealed_through. */
async function buildNextDays(tx: DbOrTx, operatorId: string): Promise<{ fromDay: string; throughDay: string; rows: number } | null> {
  const [horizon] = await queryRows<Horizon>(
    tx,
    sql`select sealed_through::text as sealed_through, snapshots_through::text as snapshots_through
          from ledger_snapshot_horizons where operator_id = ${operatorId}::uuid for update`,
  );
  if (!horizon?.sealed_through || horizon.snapshots_through === horizon.sealed_through) return null;
  // Rows after snapshots_through are stale (a reopened day) or absent: rebuild them.
  const after = horizon.snapshots_through ?? "-infinity";
  await tx.execute(sql`delete from ledger_balance_snapshots where operator_id = ${operatorId}::uuid and day > ${after}::date`);
  await tx.execute(sql`delete from ledger_class_balances where operator_id = ${operatorId}::uuid and day > ${after}::date`);
  // The disclosure's kept month figures are made from these snapshots (services/disclosure makeDisclosureMonths).
  await tx.execute(sql`delete from disclosure_month_figures where operator_id = ${operatorId}::uuid and as_of_day > ${after}::date`);
  const fromDay = horizon.snapshots_through ? addDays(horizon.snapshots_through, 1) : await firstPostingDay(tx, operatorId);
  if (fromDay === null || fromDay > horizon.sealed_through) {
    await markBuilt(tx, operatorId, horizon.sealed_through);
    return null;
  }
  const throughDay = earlierDay(addDays(fromDay, MAX_SNAPSHOT_DAYS_PER_TRANSACTION - 1), horizon.sealed_through);
  const rows = await insertSnapshotsAndClasses(tx, operatorId, fromDay, throughDay);
  await markBuilt(tx, operatorId, throughDay);
  return { fromDay, throughDay, rows };
}

async function firstPostingDay(tx: DbOrTx, operatorId: string): Promise<string | null> {
  const [row] = await queryRows<{ day: string | null }>(
    tx,
    sql`select ledger_day_of(min(created_at))::text as day from ledger_entries where operator_id = ${operatorId}::uuid`,
  );
  return row?.day ?? null;
}

async function markBuilt(tx: DbOrTx, operatorId: string, day: string): Promise<void> {
  await tx.execute(sql`
    update ledger_snapshot_horizons set snapshots_through = ${day}::date, updated_at = now()
     where operator_id = ${operatorId}::uuid`);
}

/**
 * One statement writes the days' snapshot rows and class rows (docs/decisions/2026-12-05-books-by-class.md).
 *
 * Snapshot rows: a row per account and day for every account that moved on a day in
 * [fromDay, throughDay] (an account that did not move has no row that day: readers take its
 * latest earlier row): its balance before fromDay (its latest row, one primary-key probe per
 * moved account) plus the running sum of its daily movements. Entries are found by their
 * (operator, created_at) index.
 *
 * Class rows (ledger_class_balances), one per class and day, also on days the class did not
 * move: the previous day's row of each class plus what the moved accounts changed in it, each
 * account's balance on the day against its balance before the day's movement. They are made
 * from the same computed rows as the snapshots, not read back from them: reading the written
 * snapshots again (a window over 1.1 million rows and a probe per account for its earlier
 * row) cost as much as writing them (bench:batch's day close, docs/decisions/2026-12-05-batch-probes-and-server-settings.md).
 */
async function insertSnapshotsAndClasses(tx: DbOrTx, operatorId: string, fromDay: string, throughDay: string): Promise<number> {
  const previousDay = addDays(fromDay, -1);
  const rows = await queryRows<{ n: string | number }>(
    tx,
    sql`with moves as (
          select p.account_id, ledger_day_of(e.created_at) as day, sum(p.amount) as amount, count(*) as n
            from ledger_entries e join ledger_postings p on p.entry_id = e.id
           where e.operator_id = ${operatorId}::uuid
             and e.created_at >= ledger_day_start(${fromDay}::date) and e.created_at < ledger_day_start(${addDays(throughDay, 1)}::date)
           group by 1, 2
        ), base as (
          -- One probe per distinct account, hashed before anything is inserted. A lateral probe
          -- per movement row streams into the INSERT instead, and where the table's statistics say
          -- it is empty the probe is a sequential scan that rereads every row inserted so far:
          -- the first day close of a large book then ran for minutes instead of seconds.
          select a.account_id, b.balance, b.postings
            from (select distinct account_id from moves) a
            join lateral (select s.balance, s.postings from ledger_balance_snapshots s
                           where s.account_id = a.account_id and s.day < ${fromDay}::date
                           order by s.day desc limit 1) b on true
        ), computed as materialized (
          select m.account_id, m.day, m.amount,
                 coalesce(b.balance, 0) + sum(m.amount) over w as balance,
                 coalesce(b.postings, 0) + sum(m.n) over w as postings
            from moves m left join base b on b.account_id = m.account_id
          window w as (partition by m.account_id order by m.day)
        ), inserted as (
          insert into ledger_balance_snapshots (account_id, day, operator_id, balance, postings)
          select account_id, day, ${operatorId}::uuid, balance, postings from computed
          returning 1
        ), ${classRowsSql(operatorId, fromDay, throughDay, previousDay)}
        select count(*) as n from inserted`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The class-row CTEs of insertSnapshotsAndClasses, over its `computed` rows (balance after, amount moved). */
function classRowsSql(operatorId: string, fromDay: string, throughDay: string, previousDay: string) {
  return sql`deltas as (
          select a.class, a.type, m.day,
                 sum(greatest(m.balance, 0) - greatest(m.balance - m.amount, 0)) as debit,
                 sum(greatest(-m.balance, 0) - greatest(m.amount - m.balance, 0)) as credit,
                 sum((m.balance <> 0)::int - (m.balance - m.amount <> 0)::int) as accounts
            from computed m join ledger_accounts a on a.id = m.account_id
           group by 1, 2, 3
        ), classes as (
          select class, type from ledger_class_balances where operator_id = ${operatorId}::uuid and day = ${previousDay}::date
          union select class, type from deltas
        ), class_rows as (
          insert into ledger_class_balances (operator_id, day, class, type, debit, credit, accounts)
          select ${operatorId}::uuid, g.day, c.class, c.type,
                 coalesce(p.debit, 0) + sum(coalesce(d.debit, 0)) over w,
                 coalesce(p.credit, 0) + sum(coalesce(d.credit, 0)) over w,
                 coalesce(p.accounts, 0) + sum(coalesce(d.accounts, 0)) over w
            from classes c
           cross join lateral (select day::date from generate_series(${fromDay}::date, ${throughDay}::date, interval '1 day') day) g
            left join deltas d on d.class = c.class and d.type = c.type and d.day = g.day
            left join ledger_class_balances p on p.operator_id = ${operatorId}::uuid and p.day = ${previousDay}::date and p.class = c.class and p.type = c.type
          window w as (partition by c.class, c.type order by g.day)
          returning 1
        )`;
}
