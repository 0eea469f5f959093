/**
 * `npm run due -- --date YYYY-MM-DD [--operator slug]`: runs due processing for a Beijing
 * date (default today) on the configured database (DATABASE_URL, else the embedded .data
 * the portal uses), for every operator or one, with a progress bar per step. Resumable:
 * rerun after a crash to finish; a finished date reports "already done" and changes nothing.
 */
import { getConfig } from "../app/config.server";
import { smsSenderFor } from "../app/sms.server";
import { createDueProcessingDeps } from "../services/jobs";
import { runDueProcessingForAll } from "../services/repayment";
import { beijingDate, isCalendarDate } from "../services/shared/calendar";
import { createProgressBar, openConfiguredDatabase, parseArgs } from "./progress-bar";

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const date = args.get("date") ?? beijingDate();
  if (!isCalendarDate(date)) {
    console.error(`--date must be YYYY-MM-DD, got ${date}`);
    return 2;
  }
  const database = await openConfiguredDatabase();
  console.log(`due processing ${date} on ${database.where}`);
  const started = Date.now();
  let bar: ReturnType<typeof createProgressBar> | null = null;
  let current = "";
  try {
    const results = await runDueProcessingForAll(database.db, {
      date,
      operatorSlug: args.get("operator"),
      deps: createDueProcessingDeps({ smsSenderFor, channels: { secretKey: getConfig().secretKey } }),
      onProgress(operator, step, p) {
        const key = `${operator} ${step}`;
        if (key !== current) {
          bar?.done();
          bar = createProgressBar(`${operator.padEnd(8)} ${step.padEnd(22)}`);
          current = key;
        }
        bar!.update(p.done, p.total, p.finished ? "✓" : "");
      },
    });
    (bar as ReturnType<typeof createProgressBar> | null)?.done();
    for (const r of results) {
      console.log(`${r.operatorSlug}: ${r.result.alreadyDone ? "already done" : r.result.runningElsewhere ? "running in another process (left to it)" : "done"} (attempts ${r.result.attempts})`);
    }
    console.log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\ndue processing failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
