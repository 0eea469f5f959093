import type { DbOrTx } from "../../db/client";
import { loadApplicationFor, type Actor } from "./access";

/** One application as the actor may see it (not found when they may not). */
export async function getApplicationForActor(db: DbOrTx, input: { operatorId: string; applicationId: string; actor: Actor }) {
  return loadApplicationFor(db, input);
}
