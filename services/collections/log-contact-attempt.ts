import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { DomainError } from "../shared/errors";
import type { CollectionsActor } from "./case-access";
import { contactRules, contactsToday, withinContactHours, type ContactHours } from "./contact-rules";
import { cleanNote, recordActivity } from "./record-activity";

export const CONTACT_CHANNELS = ["phone", "sms", "visit"] as const;
export const CONTACT_OUTCOMES = ["reached", "no_answer", "wrong_number", "refused"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/**
 * Logs a contact attempt. Refused outside the operator's contact hours (Beijing time,
 * start inclusive, end exclusive) and beyond the daily cap of attempts on the borrower,
 * counted over all collectors and cases that Beijing day. The borrower row is locked so
 * two collectors cannot both take the last allowed attempt.
 */
export async function logContactAttempt(
  db: Db,
  input: {
    operatorId: string;
    caseId: string;
    actor: CollectionsActor;
    activityId: string;
    channel: string;
    outcome: string;
    note?: string | null;
    now?: Date;
    hoursOverride?: ContactHours | null;
  },
) {
  const now = input.now ?? new Date();
  if (!(CONTACT_CHANNELS as readonly string[]).includes(input.channel)) throw new DomainError("collections.channel_invalid", { field: "channel" });
  if (!(CONTACT_OUTCOMES as readonly string[]).includes(input.outcome)) throw new DomainError("collections.outcome_invalid", { field: "outcome" });
  const note = cleanNote(input.note, false);
  return recordActivity(db, { ...input, now }, async (tx, theCase) => {
    const rules = await contactRules(tx, input.operatorId, input.hoursOverride);
    if (!withinContactHours(now, rules.hours)) {
      throw new DomainError("collections.outside_hours", { details: { start: rules.hours.start, end: rules.hours.end } });
    }
    await tx.execute(sql`select id from users where id = ${theCase.borrowerUserId}::uuid for update`);
    const count = await contactsToday(tx, { operatorId: input.operatorId, borrowerUserId: theCase.borrowerUserId, at: now });
    if (count >= rules.perBorrowerPerDay) throw new DomainError("collections.daily_cap", { details: { cap: rules.perBorrowerPerDay } });
    return { kind: "contact", contactChannel: input.channel, contactOutcome: input.outcome, note };
  });
}
