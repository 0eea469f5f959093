import { getConfig } from "../../config.server";
import type { collections } from "../../services.server";

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
