import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { DomainError } from "../shared/errors";
import type { Actor, Application } from "./access";

/** The risk officer's decisions: only these roles may take them. */
export function requireRole(actor: Actor, ...roles: Actor["roles"][number][]) {
  if (!actor.roles.some((r) => roles.includes(r))) throw new DomainError("application.forbidden");
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** One decision per person at a time (their exposure is checked against all their loans). */
export async function lockPerson(tx: Tx, app: Application) {
  if (app.idNumberHash) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`person:${Buffer.from(app.idNumberHash).toString("hex")}`}))`);
}
