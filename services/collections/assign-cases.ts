import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { bucketFirstDay, eligibleFor, listCollectors, loadTeams, teamForDays, type Collector } from "./teams";

/**
 * Assigns open cases by days past due and load: a case with no collector, or whose days
 * now belong to another team's range (collection_teams; a case crossing from 30 to 31 days
 * goes to the senior team by default),
 * goes to the eligible collector with the fewest open cases (ties: by phone). Largest
 * overdue amounts are placed first. Cases an admin reassigned by hand stay where they
 * are while their team does not change. Idempotent: a second run finds nothing to move.
 */
export async function assignCases(db: DbOrTx, input: { operatorId: string; now: Date }): Promise<{ assigned: number }> {
  const collectors = await listCollectors(db, input.operatorId);
  if (collectors.length === 0) return { assigned: 0 };
  const teams = await loadTeams(db, input.operatorId);
  const byId = new Map(collectors.map((c) => [c.userId, c]));
  const loadRows = await queryRows<{ user_id: string; n: number }>(
    db,
    sql`select assigned_to_user_id::text as user_id, count(*)::int as n from collection_cases
         where operator_id = ${input.operatorId}::uuid and status = 'open' and assigned_to_user_id is not null group by 1`,
  );
  const load = new Map(loadRows.map((r) => [r.user_id, Number(r.n)]));
  const cases = await queryRows<{ id: string; bucket: string; days: number | null; assignee: string | null }>(
    db,
    sql`select c.id::text as id, c.bucket, d.days_past_due as days, c.assigned_to_user_id::text as assignee
          from collection_cases c left join loan_delinquency d on d.loan_id = c.loan_id
         where c.operator_id = ${input.operatorId}::uuid and c.status = 'open'
         order by coalesce(d.overdue_total, c.overdue_at_open) desc, c.id`,
  );
  let assigned = 0;
  for (const c of cases) {
    const team = teamForDays(teams, c.days !== null && Number(c.days) > 0 ? Number(c.days) : bucketFirstDay(c.bucket));
    const eligible = eligibleFor(team, collectors);
    const current = c.assignee ? byId.get(c.assignee) : undefined;
    if (current && eligible.some((e) => e.userId === current.userId)) continue;
    const pick = leastLoaded(eligible, load);
    if (current) load.set(current.userId, (load.get(current.userId) ?? 1) - 1);
    load.set(pick.userId, (load.get(pick.userId) ?? 0) + 1);
    await db.execute(
      sql`update collection_cases set assigned_to_user_id = ${pick.userId}::uuid, assigned_at = ${input.now.toISOString()}::timestamptz
           where id = ${c.id}::uuid and status = 'open'`,
    );
    assigned++;
  }
  return { assigned };
}

function leastLoaded(eligible: readonly Collector[], load: Map<string, number>): Collector {
  let best = eligible[0]!;
  for (const c of eligible) if ((load.get(c.userId) ?? 0) < (load.get(best.userId) ?? 0)) best = c;
  return best;
}
