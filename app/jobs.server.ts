import { getConfig } from "./config.server";
import { getDb, startDatabase } from "./db.server";
import { dueProcessingDeps } from "./due.server";
import { investing, jobs, repayment } from "./services.server";

const EVERY_MS = 60_000;
let timer: NodeJS.Timeout | null = null;
let queue: jobs.JobQueue | null = null;

/**
 * Background jobs of the portal process.
 * - Once a minute, loans whose funding window closed unfilled are closed (holds voided,
 *   investors told). Idempotent: each loan is closed under its row lock.
 * - Daily due processing at 00:30 Beijing time. On PostgreSQL a pg-boss schedule enqueues
 *   one `due-processing` job per date, which one worker (of however many portal processes)
 *   runs. On the embedded database there is no pg-boss: the once-a-minute tick checks that
 *   today's run is done for each operator and runs it in-process when not. Either way the
 *   run is resumable per (operator, date), so a restart mid-run finishes it once.
 */
export function startBackgroundJobs(): void {
  if (timer || process.env.BACKGROUND_JOBS === "off") return;
  let inProcessDue = false;
  let dueBusy = false;
  const run = async () => {
    try {
      const result = await investing.closeUnfundedLoans(await getDb());
      if (result.closed.length > 0) console.log(`closed ${result.closed.length} unfunded loan(s), ${result.voidedInvestments} investment(s) released`);
    } catch (error) {
      console.error("closing unfunded loans failed", error);
    }
    if (!inProcessDue || dueBusy) return;
    dueBusy = true;
    try {
      const ran = await repayment.ensureTodaysDueProcessing(await getDb(), { deps: dueProcessingDeps() });
      for (const r of ran) console.log(`due processing ${r.result.runDate} ${r.operatorSlug}: ${r.result.alreadyDone ? "already done" : `done (attempt ${r.result.attempts})`}`);
    } catch (error) {
      console.error("due processing failed (retried next minute)", error);
    } finally {
      dueBusy = false;
    }
  };
  const setup = async () => {
    const database = await startDatabase();
    const { databaseUrl } = getConfig();
    if (database.kind === "postgres" && databaseUrl) {
      queue = await jobs.createPgBossQueue({ connectionString: databaseUrl });
      await jobs.registerDueProcessingJobs(queue, { db: getDb, deps: dueProcessingDeps() });
    } else {
      inProcessDue = true;
    }
  };
  setup().catch((error) => {
    console.error("scheduling due processing failed; running it in-process instead", error);
    inProcessDue = true;
  });
  void run();
  timer = setInterval(run, EVERY_MS);
  timer.unref();
}

/** Stops the job queue's workers (graceful shutdown). */
export async function stopBackgroundJobs(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = null;
  await queue?.stop();
  queue = null;
}
