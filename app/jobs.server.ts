import { getConfig } from "./config.server";
import { getDb, startDatabase } from "./db.server";
import { dueProcessingDeps } from "./due.server";
import { getSms, smsSenderFor } from "./sms.server";
import { allocateOpenLoans } from "./auto-invest.server";
import { investing, jobs, repayment } from "./services.server";

const EVERY_MS = 60_000;
/** Notifications go out within this of their cause's commit; receipts are polled on the same beat. */
const SMS_EVERY_MS = 10_000;
let timer: NodeJS.Timeout | null = null;
let smsTimer: NodeJS.Timeout | null = null;
let queue: jobs.JobQueue | null = null;

/**
 * Background jobs of the portal process.
 * - Once a minute, loans whose funding window closed unfilled are closed (holds voided,
 *   investors told). Idempotent: each loan is closed under its row lock. Then the auto-invest
 *   pass: rules fill what the manual window left in every loan still funding (idempotent per rule and loan).
 * - Daily due processing at 00:30 Beijing time. On PostgreSQL a pg-boss schedule enqueues
 *   one `due-processing` job per date, which one worker (of however many portal processes)
 *   runs. On the embedded database there is no pg-boss: the once-a-minute tick checks that
 *   today's run is done for each operator and runs it in-process when not. Either way the
 *   run is resumable per (operator, date), and a run cut off mid-way (its runner's lock is
 *   free) is finished at start and by the next check, once.
 * - Every ten seconds, queued SMS notifications are dispatched (claimed with SKIP LOCKED, so
 *   every portal process may run it) and delivery receipts of sent ones are polled.
 */
export function startBackgroundJobs(): void {
  if (timer || process.env.BACKGROUND_JOBS === "off") return;
  let inProcessDue = false;
  let dueBusy = false;
  const run = async () => {
    try {
      const result = await investing.closeUnfundedLoans(await getDb(), { smsFor: smsSenderFor });
      if (result.closed.length > 0) console.log(`closed ${result.closed.length} unfunded loan(s), ${result.voidedInvestments} investment(s) released`);
    } catch (error) {
      console.error("closing unfunded loans failed", error);
    }
    try {
      const placed = await allocateOpenLoans(await getDb());
      if (placed > 0) console.log(`auto-invest placed ${placed} investment(s)`);
    } catch (error) {
      console.error("auto-invest pass failed (retried next minute)", error);
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
    const { databaseUrl, database: settings } = getConfig();
    if (database.kind === "postgres" && databaseUrl) {
      // pg-boss keeps its own small pool; behind a transaction pooler it goes to the server directly.
      queue = await jobs.createPgBossQueue({ connectionString: settings.directUrl ?? databaseUrl });
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
  smsTimer = setInterval(runSms, SMS_EVERY_MS);
  smsTimer.unref();
}

let smsBusy = false;
async function runSms(): Promise<void> {
  if (smsBusy) return;
  smsBusy = true;
  try {
    const db = await getDb();
    const sent = await getSms().dispatch(db);
    if (sent.failed + sent.retrying > 0) console.warn(`sms dispatch: ${sent.sent} sent, ${sent.retrying} to retry, ${sent.failed} failed`);
    await getSms().pollReceipts(db);
  } catch (error) {
    console.error("sms dispatch failed (retried in ten seconds)", error);
  } finally {
    smsBusy = false;
  }
}

/** Stops the job queue's workers (graceful shutdown). */
export async function stopBackgroundJobs(): Promise<void> {
  if (timer) clearInterval(timer);
  if (smsTimer) clearInterval(smsTimer);
  timer = null;
  smsTimer = null;
  await queue?.stop();
  queue = null;
}
