import type { Db } from "../../db/client";
import { recordAudit } from "../audit";
import { isCalendarDate } from "../shared/calendar";
import { runDueProcessing, type DueProcessingDeps, type DueRunResult } from "./run-due-processing";

/**
 * A staff member runs one operator's due processing for a date by hand (finance → 到期处理).
 * The request is audited first, in its own transaction: the run commits step by step, so
 * it cannot share one, and a run that fails half-way is still on record as asked for.
 */
export async function runDueProcessingNow(
  db: Db,
  input: { operatorId: string; date: string; actorUserId: string; deps: DueProcessingDeps; now?: Date },
): Promise<DueRunResult> {
  if (!isCalendarDate(input.date)) throw new Error(`not a date: ${input.date}`);
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "due_run.requested", subject: input.date }, input.now);
  return runDueProcessing(db, { operatorId: input.operatorId, date: input.date, deps: input.deps, now: input.now });
}
