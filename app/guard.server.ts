import { redirect } from "@remix-run/node";
import type { Db } from "../db/client";
import type { Role, SessionUser, ValidSession } from "../services/identity";
import type { OperatorBrand } from "../services/operators";
import { getConfig } from "./config.server";
import { getDb, readDb } from "./db.server";
import { requireOperator } from "./operator.server";
import { getOperatorSession } from "./session.server";

/** Who is asking, as a guarded loader or action needs it. */
export interface SignedIn {
  operator: OperatorBrand;
  session: ValidSession;
  user: SessionUser;
  /** The user as services take an actor (borrowing, collections): id and roles. */
  actor: { userId: string; roles: readonly Role[] };
  db: Db;
  /** The server secret the borrowing services open sealed ID and account numbers with. */
  secretKey: Uint8Array;
}

/**
 * The one permission guard: every loader and action of a page that needs a signed-in user
 * starts here.
 * - the operator of `/o/:operator/...`, or 404 (requireOperator);
 * - a user signed in at that operator, or a redirect to its sign-in page that comes back here
 *   (`returnTo`); a session of another operator does not count;
 * - a session that has proved the second factor its roles need (operators.second_factor_roles),
 *   or a redirect to the second-factor page that comes back here (only that page passes
 *   `secondFactorPending: "allow"`);
 * - with `role`, that role (or one of the roles listed), or 403 "Forbidden" (statusText "role").
 * Without `role` any signed-in user passes (a borrower's own pages; the services then check
 * that what is asked for is theirs).
 */
export async function requireUser(
  request: Request,
  params: { operator?: string },
  role?: Role | readonly Role[],
  options: { secondFactorPending?: "allow"; reads?: "replica" } = {},
): Promise<SignedIn> {
  const operator = await requireOperator(params);
  const session = await getOperatorSession(request, operator);
  if (!session) {
    const url = new URL(request.url);
    throw redirect(`/o/${operator.slug}/login?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (session.secondFactorPending && options.secondFactorPending !== "allow") {
    // Staff whose roles need a second factor prove it (or enrol) before any page opens.
    const url = new URL(request.url);
    throw redirect(`/o/${operator.slug}/security/second-factor?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const allowed: readonly Role[] | null = role === undefined ? null : typeof role === "string" ? [role] : role;
  if (allowed && !allowed.some((r) => session.user.roles.includes(r))) {
    throw new Response("Forbidden", { status: 403, statusText: "role" });
  }
  const user = session.user;
  // `reads: "replica"`: a loader that only reads may read a caught-up replica (db/replica.ts).
  const db = options.reads === "replica" ? await readDb(request) : await getDb();
  return { operator, session, user, actor: { userId: user.id, roles: user.roles }, db, secretKey: getConfig().secretKey };
}

/** Pages anyone may read (the operator's layout, the invest list, a loan): the session when there is one. */
export async function optionalUser(
  request: Request,
  params: { operator?: string },
  options: { reads?: "replica" } = {},
): Promise<{ operator: OperatorBrand; session: ValidSession | null; db: Db }> {
  const operator = await requireOperator(params);
  const session = await getOperatorSession(request, operator);
  return { operator, session, db: options.reads === "replica" ? await readDb(request) : await getDb() };
}
