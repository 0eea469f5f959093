import type { DbOrTx } from "../../db/client";
import { maskPhone } from "../shared/mask-phone";
import { listCollectors, loadTeams, type TeamRef } from "./teams";

export interface TeamMemberView {
  userId: string;
  name: string;
  phoneMasked: string;
}

export interface TeamView extends TeamRef {
  members: TeamMemberView[];
}

/**
 * The operator's teams, lowest range first, each with its members, and every collector of
 * the operator (to add to a team) with the teams they are in. Phones are masked.
 */
export async function listCollectionTeams(db: DbOrTx, input: { operatorId: string }) {
  const [teams, collectors] = await Promise.all([loadTeams(db, input.operatorId), listCollectors(db, input.operatorId)]);
  const view = (c: (typeof collectors)[number]): TeamMemberView => ({ userId: c.userId, name: c.name ?? maskPhone(c.phone), phoneMasked: maskPhone(c.phone) });
  return {
    teams: teams.map((t): TeamView => ({ ...t, members: collectors.filter((c) => c.teams.some((m) => m.id === t.id)).map(view) })),
    collectors: collectors.map((c) => ({ ...view(c), teamCodes: c.teams.map((t) => t.code) })),
  };
}

export type CollectionTeamsView = Awaited<ReturnType<typeof listCollectionTeams>>;
