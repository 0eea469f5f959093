import { getDb } from "./db.server";
import { investing } from "./services.server";

const EVERY_MS = 60_000;
let timer: NodeJS.Timeout | null = null;

/**
 * Background jobs of the portal process: once a minute, loans whose funding window closed
 * unfilled are closed (holds voided, investors told). The job is idempotent, so a second
 * portal process running it too does no harm (each loan is closed under its row lock).
 */
export function startBackgroundJobs(): void {
  if (timer || process.env.BACKGROUND_JOBS === "off") return;
  const run = async () => {
    try {
      const result = await investing.closeUnfundedLoans(await getDb());
      if (result.closed.length > 0) console.log(`closed ${result.closed.length} unfunded loan(s), ${result.voidedInvestments} investment(s) released`);
    } catch (error) {
      console.error("closing unfunded loans failed", error);
    }
  };
  void run();
  timer = setInterval(run, EVERY_MS);
  timer.unref();
}
