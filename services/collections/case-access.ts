import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { collectionCases } from "../../db/schema";
import { DomainError } from "../shared/errors";

export interface CollectionsActor {
  userId: string;
  roles: readonly string[];
}

export const isSupervisor = (actor: CollectionsActor) => actor.roles.includes("admin");

/**
 * A case the actor may work: the assigned collector, or a supervisor (role admin).
 * `forUpdate` locks the row so concurrent writes on one case queue up.
 */
export async function caseForWork(
  db: DbOrTx,
  input: { operatorId: string; caseId: string; actor: CollectionsActor; forUpdate?: boolean; mustBeOpen?: boolean },
) {
  if (!/^[0-9a-f-]{36}$/i.test(input.caseId)) throw new DomainError("collections.case_not_found");
  const query = db
    .select()
    .from(collectionCases)
    .where(and(eq(collectionCases.operatorId, input.operatorId), eq(collectionCases.id, input.caseId)));
  const [row] = input.forUpdate ? await query.for("update") : await query;
  if (!row) throw new DomainError("collections.case_not_found");
  if (row.assignedToUserId !== input.actor.userId && !isSupervisor(input.actor)) throw new DomainError("collections.not_assigned");
  if (input.mustBeOpen && row.status !== "open") throw new DomainError("collections.case_closed");
  return row;
}
