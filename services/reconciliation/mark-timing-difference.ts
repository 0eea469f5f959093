import type { Db } from "../../db/client";
import { breakResolutions } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { isAskableDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { findOpenBreak, requireNote } from "./find-break";

/** A break that will clear by itself (the other side reports it later): a note and the day it is expected. */
export async function markTimingDifference(
  db: Db,
  input: { operatorId: string; channel: string; date: string; breakKey: string; note: string; expectedDate: string; userId: string; now?: Date },
): Promise<void> {
  const note = requireNote(input.note);
  if (!isAskableDate(input.expectedDate) || input.expectedDate < input.date) throw new DomainError("reconciliation.invalid_date", { field: "expectedDate" });
  const found = await findOpenBreak(db, input);
  const now = input.now ?? new Date();
  await db.insert(breakResolutions).values({
    operatorId: input.operatorId,
    channel: found.channel,
    date: input.date,
    breakKey: input.breakKey,
    kind: "timing",
    note,
    expectedDate: input.expectedDate,
    createdByUserId: input.userId,
    createdAt: now,
  });
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.userId, action: "reconciliation.timing_difference", subject: input.breakKey, details: { note, expectedDate: input.expectedDate } }, now);
}
