import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { collectionTeamMembers, collectionTeams } from "../../db/schema";
import { queryRows } from "../ledger/db-helpers";

/**
 * Collection teams live in the database (collection_teams, collection_team_members; migration
 * 0013): each works a days-past-due range. A case goes to the team whose range holds its
 * days past due; a team with nobody in it (or days no team covers) borrows every collector
 * of the operator, so a single collector still gets every case.
 */
export interface TeamRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  minDays: number;
  /** Null: and onward. */
  maxDays: number | null;
}

export interface Collector {
  userId: string;
  phone: string;
  name: string | null;
  /** The teams the collector is a member of, lowest range first. */
  teams: TeamRef[];
  /** The first of them, for a label; null when in none. */
  team: TeamRef | null;
}

/** The operator's teams, lowest range first. */
export async function loadTeams(db: DbOrTx, operatorId: string): Promise<TeamRef[]> {
  return db
    .select({ id: collectionTeams.id, code: collectionTeams.code, nameZh: collectionTeams.nameZh, nameEn: collectionTeams.nameEn, minDays: collectionTeams.minDays, maxDays: collectionTeams.maxDays })
    .from(collectionTeams)
    .where(eq(collectionTeams.operatorId, operatorId))
    .orderBy(asc(collectionTeams.minDays), asc(collectionTeams.code));
}

/** The operator's collectors (role `collector`) with their teams, ordered by phone. */
export async function listCollectors(db: DbOrTx, operatorId: string): Promise<Collector[]> {
  const rows = await queryRows<{ user_id: string; phone: string; name: string | null }>(
    db,
    sql`select u.id::text as user_id, u.phone, u.name
          from users u join user_roles r on r.user_id = u.id and r.role = 'collector'
         where u.operator_id = ${operatorId}::uuid
         order by u.phone`,
  );
  const teams = await loadTeams(db, operatorId);
  const members = teams.length
    ? await db
        .select({ teamId: collectionTeamMembers.teamId, userId: collectionTeamMembers.userId })
        .from(collectionTeamMembers)
        .innerJoin(collectionTeams, eq(collectionTeams.id, collectionTeamMembers.teamId))
        .where(eq(collectionTeams.operatorId, operatorId))
    : [];
  return rows.map((r) => {
    const mine = teams.filter((t) => members.some((m) => m.teamId === t.id && m.userId === r.user_id));
    return { userId: r.user_id, phone: r.phone, name: r.name, teams: mine, team: mine[0] ?? null };
  });
}

/** The team whose range holds `days` past due, if any. */
export function teamForDays(teams: readonly TeamRef[], days: number): TeamRef | undefined {
  return teams.find((t) => days >= t.minDays && (t.maxDays === null || days <= t.maxDays));
}

/** The first day past due of a bucket (`1-30`, `31-60`, `61-90`, `90+`): for a case with no delinquency row. */
export function bucketFirstDay(bucket: string): number {
  const first = Number.parseInt(bucket, 10);
  return Number.isFinite(first) && first > 0 ? (bucket.endsWith("+") ? first + 1 : first) : 1;
}

/** Who may take a case of `team`: its members, or everyone when the team is empty or missing. */
export function eligibleFor(team: TeamRef | undefined, collectors: readonly Collector[]): Collector[] {
  const members = team ? collectors.filter((c) => c.teams.some((t) => t.id === team.id)) : [];
  return members.length > 0 ? members : [...collectors];
}
