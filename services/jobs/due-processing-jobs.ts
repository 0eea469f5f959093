import type { Db } from "../../db/client";
import type { DueProcessingDeps } from "../repayment/run-due-processing";
import { DUE_PROCESSING_TIME, runDueProcessingForAll } from "../repayment/run-due-processing-for-all";
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
 * `due-processing-daily`, whose worker enqueues `due-processing` with the Beijing date of
 * that moment; the `due-processing` worker runs every operator's due processing for the date
 * with the deps from the one factory. Runs are resumable per (operator, date): a retried
 * job finishes the work once.
 */
export async function registerDueProcessingJobs(
  queue: JobQueue,
  input: { db: () => Promise<Db>; deps: DueProcessingDeps; clock?: () => Date; log?: (line: string) => void },
): Promise<void> {
  const clock = input.clock ?? (() => new Date());
  const log = input.log ?? ((line) => console.log(line));
  await queue.createQueue(DUE_PROCESSING_DAILY);
  await queue.createQueue(DUE_PROCESSING);
  await queue.schedule(DUE_PROCESSING_DAILY, DUE_PROCESSING_TIME.cron, {}, { tz: DUE_PROCESSING_TIME.tz });
  await queue.work(DUE_PROCESSING_DAILY, async () => {
    await enqueueDueProcessing(queue, beijingDate(clock()));
  });
  await queue.work<{ date: string }>(DUE_PROCESSING, async ({ date }) => {
    const results = await runDueProcessingForAll(await input.db(), { date, now: clock(), deps: input.deps });
    log(`due processing ${date}: ${results.map((r) => `${r.operatorSlug} ${r.result.alreadyDone ? "already done" : `done (attempt ${r.result.attempts})`}`).join(", ")}`);
  });
}
