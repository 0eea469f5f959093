import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";

/**
 * Collection teams, kept deliberately simple (no table): a collector is in the `senior`
 * team (M2+, cases 31 days and more overdue) when their phone is listed for the operator
 * below, otherwise in the `early` team (M1, 1–30 days). A team with nobody in it borrows
 * every collector of the operator, so a single collector still gets every case.
 * Operators who need real departments get a table later; this map is the whole model.
 */
export const SENIOR_COLLECTOR_PHONES: Readonly<Record<string, readonly string[]>> = {
  unicom: ["18600000010"],
  mobile: ["13800000010"],
  telecom: ["18900000010"],
};

export type Team = "early" | "senior";

export function teamForBucket(bucket: string): Team {
  return bucket === "1-30" || bucket === "current" ? "early" : "senior";
}

export interface Collector {
  userId: string;
  phone: string;
  name: string | null;
  team: Team;
}

/** The operator's collectors (role `collector`) with their team, ordered by phone. */
export async function listCollectors(db: DbOrTx, operatorId: string): Promise<Collector[]> {
  const rows = await queryRows<{ user_id: string; phone: string; name: string | null; slug: string }>(
    db,
    sql`select u.id::text as user_id, u.phone, u.name, o.slug
          from users u join user_roles r on r.user_id = u.id and r.role = 'collector'
          join operators o on o.id = u.operator_id
         where u.operator_id = ${operatorId}::uuid
         order by u.phone`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    phone: r.phone,
    name: r.name,
    team: (SENIOR_COLLECTOR_PHONES[r.slug] ?? []).includes(r.phone) ? "senior" : "early",
  }));
}

/** Who may take a case of `team`: its members, or everyone when the team is empty. */
export function eligibleFor(team: Team, collectors: readonly Collector[]): Collector[] {
  const members = collectors.filter((c) => c.team === team);
  return members.length > 0 ? members : [...collectors];
}
