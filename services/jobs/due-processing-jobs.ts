import type { Db } from "../../db/client";
import type { DueProcessingDeps } from "../repayment/run-due-processing";
import { DUE_PROCESSING_TIME, resumeInterruptedDueRuns, runDueProcessingForAll, type OperatorDueRun } from "../repayment/run-due-processing-for-all";
import { beijingDate, isCalendarDate } from "../shared/calendar";
import type { JobQueue } from "./job-queue";

/** The queue the daily schedule fires into; its worker enqueues the day's run. */
export const DUE_PROCESSING_DAILY = "due-processing-daily";
/** One job per Beijing date: `{ date }`, singleton key `due:<date>`. */
export const DUE_PROCESSING = "due-processing";

/** Enqueues due processing for `date` (once: a second send for a queued date is dropped). */
export function enqueueDueProcessing(queue: JobQueue, date: string): Promise<string | null> {
  if (!isCalendarDate(date)) throw new Error(`not a date: ${date}`);
  return queue.send(DUE_PROCESSING, { date }, { singletonKey: `due:${date}` });
}

/**
 * Sets up the daily due processing on a job queue: a schedule at 00:30 Asia/Shanghai fires
 * `due-processing-daily`, whose worker first finishes runs of the last days that were cut
 * off (a process killed mid-run: its lock is free) and then enqueues `due-processing` with
 * the Beijing date of that moment; the `due-processing` worker runs every operator's due
 * processing for the date with the deps from the one factory. Cut-off runs are also
 * finished here at once, when the portal starts. They are resumed in this process rather
 * than through the queue: the killed process's job stays `active` in pg-boss until it
 * expires, and the queue's one-active-job-per-date rule would hold a new one back till then.
 * Runs are resumable per (operator, date): a retried job finishes the work once.
 */
export async function registerDueProcessingJobs(
  queue: JobQueue,
  input: { db: () => Promise<Db>; deps: DueProcessingDeps; clock?: () => Date; log?: (line: string) => void },
): Promise<void> {
  const clock = input.clock ?? (() => new Date());
  const log = input.log ?? ((line) => console.log(line));
  const describe = (results: OperatorDueRun[]) =>
    results.map((r) => `${r.operatorSlug} ${r.result.runDate} ${r.result.alreadyDone ? "already done" : r.result.runningElsewhere ? "running elsewhere" : `done (attempt ${r.result.attempts})`}`).join(", ");
  const resume = async () => {
    try {
      const resumed = await resumeInterruptedDueRuns(await input.db(), { now: clock(), deps: input.deps });
      if (resumed.length > 0) log(`due processing resumed: ${describe(resumed)}`);
    } catch (error) {
      log(`resuming cut-off due runs failed (tried again at the next daily run): ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await queue.createQueue(DUE_PROCESSING_DAILY);
  await queue.createQueue(DUE_PROCESSING);
  await queue.schedule(DUE_PROCESSING_DAILY, DUE_PROCESSING_TIME.cron, {}, { tz: DUE_PROCESSING_TIME.tz });
  await queue.work(DUE_PROCESSING_DAILY, async () => {
    await resume();
    await enqueueDueProcessing(queue, beijingDate(clock()));
  });
  await queue.work<{ date: string }>(DUE_PROCESSING, async ({ date }) => {
    const results = await runDueProcessingForAll(await input.db(), { date, now: clock(), deps: input.deps });
    log(`due processing ${date}: ${describe(results)}`);
  });
  await resume();
}
