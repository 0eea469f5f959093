import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { collectionTeams } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { listCollectors } from "./teams";

/** The team (of this operator) and the collector (of this operator) a membership change names. */
export async function teamAndCollector(db: DbOrTx, input: { operatorId: string; teamId: string; userId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(input.teamId)) throw new DomainError("collections.team_not_found");
  const [team] = await db
    .select()
    .from(collectionTeams)
    .where(and(eq(collectionTeams.operatorId, input.operatorId), eq(collectionTeams.id, input.teamId)))
    .for("update");
  if (!team) throw new DomainError("collections.team_not_found");
  const collector = (await listCollectors(db, input.operatorId)).find((c) => c.userId === input.userId);
  if (!collector) throw new DomainError("collections.not_a_collector", { field: "userId" });
  return { team, collector };
}
