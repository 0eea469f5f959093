import type { Db } from "../../db/client";
import { breakResolutions } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { addDays } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { findOpenBreak, requireNote } from "./find-break";
import { loadResultsWithState } from "./load-breaks";
import { reconcileDay } from "./reconcile-day";

/**
 * Finance links one of their lines to one of our items by hand (with a note): recorded as
 * a resolution of the line's break, then the day is matched again, where the pair is
 * matched first (tier `manual`). The item may be an open break of a neighbouring day.
 */
export async function linkLines(
  db: Db,
  input: { operatorId: string; channel: string; date: string; breakKey: string; ourItemId: string; note: string; userId: string; now?: Date },
): Promise<void> {
  const note = requireNote(input.note);
  const found = await findOpenBreak(db, input);
  const theirLineId = (found.result.theirLineIds as string[])[0];
  if (!theirLineId) throw new DomainError("reconciliation.line_not_found", { field: "breakKey" });
  const around = await loadResultsWithState(db, { operatorId: input.operatorId, channel: found.channel, fromDate: addDays(input.date, -7), toDate: addDays(input.date, 7) });
  const itemBreak = around.find((r) => r.state === "open" && (r.result.ourItemIds as string[]).includes(input.ourItemId));
  if (!itemBreak) throw new DomainError("reconciliation.item_not_found", { field: "ourItemId" });
  const now = input.now ?? new Date();
  await db.insert(breakResolutions).values({
    operatorId: input.operatorId,
    channel: found.channel,
    date: input.date,
    breakKey: input.breakKey,
    kind: "link",
    note,
    theirLineId,
    ourItemId: input.ourItemId,
    createdByUserId: input.userId,
    createdAt: now,
  });
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.userId, action: "reconciliation.linked", subject: input.breakKey, details: { theirLineId, ourItemId: input.ourItemId, note } }, now);
  await reconcileDay(db, { operatorId: input.operatorId, channel: found.channel, date: input.date, now });
  if (itemBreak.result.date !== input.date) {
    await reconcileDay(db, { operatorId: input.operatorId, channel: found.channel, date: itemBreak.result.date, now });
  }
}
