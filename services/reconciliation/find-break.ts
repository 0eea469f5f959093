import type { DbOrTx } from "../../db/client";
import { isAskableDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { isChannel, type Channel } from "./channels";
import { loadResultsWithState, type ResultWithState } from "./load-breaks";

/** A break of a channel's day by its key, refused unless it is still open. */
export async function findOpenBreak(
  db: DbOrTx,
  input: { operatorId: string; channel: string; date: string; breakKey: string },
): Promise<ResultWithState & { channel: Channel }> {
  if (!isChannel(input.channel)) throw new DomainError("reconciliation.unknown_source", { field: "channel" });
  if (!isAskableDate(input.date)) throw new DomainError("reconciliation.invalid_date", { field: "date" });
  const day = await loadResultsWithState(db, { operatorId: input.operatorId, channel: input.channel, fromDate: input.date, toDate: input.date });
  const found = day.find((r) => r.result.breakKey === input.breakKey && r.result.status !== "matched");
  if (!found) throw new DomainError("reconciliation.break_not_found");
  if (found.state !== "open") throw new DomainError("reconciliation.break_not_open", { details: { state: found.state } });
  return { ...found, channel: input.channel };
}

export function requireNote(note: string, field = "note"): string {
  const trimmed = note.trim();
  if (trimmed.length < 2 || trimmed.length > 500) throw new DomainError("reconciliation.note_required", { field });
  return trimmed;
}
