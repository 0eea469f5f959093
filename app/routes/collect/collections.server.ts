import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { requireOperator } from "../../operator.server";
import { requireSession } from "../../session.server";
import type { collections } from "../../services.server";

/** Every collections loader and action starts here: a collector or a supervisor (admin). */
export async function requireCollections(request: Request, params: { operator?: string }) {
  const operator = await requireOperator(params);
  const session = await requireSession(request, operator);
  const roles = session.user.roles as readonly string[];
  if (!roles.includes("collector") && !roles.includes("admin")) throw new Response("Forbidden", { status: 403, statusText: "role" });
  const actor: collections.CollectionsActor = { userId: session.user.id, roles };
  return { operator, session, actor, db: await getDb() };
}

/**
 * Contact hours come from the operator's repayment settings. Outside production only,
 * COLLECTIONS_CONTACT_HOURS="start-end" (e.g. "0-24") overrides them, so the browser
 * test and a late-night demo do not depend on the wall clock. Production ignores it.
 */
export function contactHoursOverride(): collections.ContactHours | null {
  if (getConfig().production) return null; // APP_ENV=production (NODE_ENV is inlined by the build)
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(process.env.COLLECTIONS_CONTACT_HOURS ?? "");
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start >= 0 && end <= 24 && start < end ? { start, end } : null;
}
