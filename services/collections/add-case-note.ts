import type { Db } from "../../db/client";
import type { CollectionsActor } from "./case-access";
import { cleanNote, recordActivity } from "./record-activity";

/** A note on a case's timeline (never edited; a correction is another note). */
export async function addCaseNote(
  db: Db,
  input: { operatorId: string; caseId: string; actor: CollectionsActor; activityId: string; note: string; now?: Date },
) {
  const note = cleanNote(input.note, true);
  return recordActivity(db, { ...input, now: input.now ?? new Date() }, async () => ({ kind: "note", note }));
}
