import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";
import { beijingDate, startOfBeijingDay } from "../shared/calendar";
import { BUCKETS } from "./list-case-queue";
import { loadPromises } from "./promise-status";
import { listCollectors, type TeamRef } from "./teams";
import { emptyBuckets, teamTotals } from "./team-totals";

export interface CollectorStats {
  userId: string;
  name: string;
  team: TeamRef | null;
  openCases: number;
  byBucket: Record<(typeof BUCKETS)[number], number>;
  /** Repayments on the loans of the collector's cases (open or closed) since each case opened. */
  recovered: string;
  contactsToday: number;
  contactsThisMonth: number;
  promisesKept: number;
  promisesBroken: number;
  promisesPending: number;
}

/**
 * Figures per collector and for the team (all collectors of the operator). A case counts
 * for its current assignee; amount recovered = the sum of repayments on the case's loan
 * received since the case opened (and before it closed); contacts and promises count for
 * whoever recorded them; today and this month are Beijing calendar periods.
 */
export async function collectionStats(db: DbOrTx, input: { operatorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const today = beijingDate(now);
  const dayStart = startOfBeijingDay(today);
  const monthStart = startOfBeijingDay(`${today.slice(0, 8)}01`);
  const collectors = await listCollectors(db, input.operatorId);
  const stats = new Map<string, CollectorStats>(
    collectors.map((c) => [
      c.userId,
      { userId: c.userId, name: c.name ?? c.phone, team: c.team, openCases: 0, byBucket: emptyBuckets(), recovered: "0.00", contactsToday: 0, contactsThisMonth: 0, promisesKept: 0, promisesBroken: 0, promisesPending: 0 },
    ]),
  );
  const cases = await queryRows<{ assignee: string; bucket: string; n: number }>(
    db,
    sql`select assigned_to_user_id::text as assignee, bucket, count(*)::int as n from collection_cases
         where operator_id = ${input.operatorId}::uuid and status = 'open' and assigned_to_user_id is not null group by 1, 2`,
  );
  for (const row of cases) {
    const s = stats.get(row.assignee);
    if (!s) continue;
    s.openCases += Number(row.n);
    if (row.bucket in s.byBucket) s.byBucket[row.bucket as keyof CollectorStats["byBucket"]] += Number(row.n);
  }
  const recovered = await queryRows<{ assignee: string; total: string }>(
    db,
    sql`select c.assigned_to_user_id::text as assignee, coalesce(sum(r.amount), 0)::text as total
          from collection_cases c join repayments r on r.loan_id = c.loan_id and r.received_at >= c.opened_at
                and (c.closed_at is null or r.received_at <= c.closed_at)
         where c.operator_id = ${input.operatorId}::uuid and c.assigned_to_user_id is not null group by 1`,
  );
  for (const row of recovered) {
    const s = stats.get(row.assignee);
    if (s) s.recovered = new Cny(row.total).toFixed(2);
  }
  const contacts = await queryRows<{ by: string; today: number; month: number }>(
    db,
    sql`select by_user_id::text as by,
               count(*) filter (where created_at >= ${dayStart.toISOString()}::timestamptz)::int as today,
               count(*)::int as month
          from collection_activities
         where operator_id = ${input.operatorId}::uuid and kind = 'contact' and created_at >= ${monthStart.toISOString()}::timestamptz
           and created_at < ${new Date(dayStart.getTime() + 86_400_000).toISOString()}::timestamptz
         group by 1`,
  );
  for (const row of contacts) {
    const s = stats.get(row.by);
    if (!s) continue;
    s.contactsToday = Number(row.today);
    s.contactsThisMonth = Number(row.month);
  }
  for (const p of await loadPromises(db, { operatorId: input.operatorId, today })) {
    const s = stats.get(p.byUserId);
    if (!s) continue;
    if (p.status === "kept") s.promisesKept++;
    else if (p.status === "broken") s.promisesBroken++;
    else s.promisesPending++;
  }
  const perCollector = [...stats.values()];
  const team = teamTotals(perCollector);
  const [unassigned] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from collection_cases where operator_id = ${input.operatorId}::uuid and status = 'open' and assigned_to_user_id is null`,
  );
  return { today, perCollector, team, unassigned: Number(unassigned?.n ?? 0) };
}

export type CollectionStats = Awaited<ReturnType<typeof collectionStats>>;
