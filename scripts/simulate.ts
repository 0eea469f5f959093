/**
 * `npm run simulate -- [--days 180] [--borrowers 300] [--investors 500] [--seed 1]
 *   [--start YYYY-MM-DD] [--operator unicom]`: drives the portal's services day by day
 * (services/simulation) on the configured database — the embedded .data the portal uses
 * by default, DATABASE_URL when set — so the demo has history. Prints a progress bar per
 * day and a summary; exits 1 when the ledger check fails.
 */
import { getConfig } from "../app/config.server";
import { seedDemoData } from "../services/demo";
import { formatCny } from "../services/ledger";
import { formatMoney } from "../services/shared/money-text";
import { Cny } from "../services/ledger/money";
import { beijingDate, isCalendarDate } from "../services/shared/calendar";
import { MAX_UNSETTLED_CLEARING_SHARE, unsettledShare } from "../services/simulation/summarize";
import { chooseStartDate, runSimulation } from "../services/simulation";
import { createProgressBar, openConfiguredDatabase, parseArgs } from "./progress-bar";

function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const days = intArg(args, "days", 180);
  const borrowers = intArg(args, "borrowers", 300);
  const investors = intArg(args, "investors", 500);
  const seed = intArg(args, "seed", 1);
  const requested = args.get("start");
  if (requested !== undefined && !isCalendarDate(requested)) throw new Error("--start must be YYYY-MM-DD");
  const operatorSlug = args.get("operator") ?? "unicom";
  const config = getConfig();
  const database = await openConfiguredDatabase({ relaxedDurability: true });
  let chosen: Awaited<ReturnType<typeof chooseStartDate>>;
  try {
    chosen = await chooseStartDate(database.db, { operatorSlug, days, today: beijingDate(), ...(requested ? { requested } : {}) });
  } catch (error) {
    // A start inside the history: one line saying which date to use, nothing changed.
    console.error(error instanceof Error ? error.message : String(error));
    await database.close();
    return 2;
  }
  const { start, continuesAfter, finishesDay } = chosen;
  if (finishesDay) console.log(`${operatorSlug}: the simulated day ${finishesDay} was cut off half-way; this run does it again (what it finished stays done) and continues`);
  else if (continuesAfter) console.log(`${operatorSlug} is already simulated up to ${continuesAfter}: this run continues from ${start}`);
  console.log(`simulating ${days} days from ${start}: ${borrowers} borrowers, ${investors} investors, seed ${seed}, operator ${operatorSlug}, on ${database.where}`);
  const began = Date.now();
  try {
    await seedDemoData(database.db, { secretKey: config.secretKey });
    const bar = createProgressBar("day");
    const result = await runSimulation(database.db, {
      operatorSlug,
      start,
      days,
      borrowers,
      investors,
      seed,
      secretKey: config.secretKey,
      onDay: (d) => bar.update(d.day, d.days, `${d.date} apps ${d.applications} paid ${d.repayments} (${d.ms} ms)`),
    });
    bar.done();
    const seconds = (Date.now() - began) / 1000;
    const f = result.figures;
    const cny = (s: string) => formatMoney(formatCny(new Cny(s))).replace("¥", "");
    console.log(`\nSimulation ${result.start} … ${result.end} in ${seconds.toFixed(1)} s`);
    console.log(`applications   ${result.applications.total} (signed ${result.applications.signed}, rejected ${result.applications.rejected}, referred ${result.applications.referred}, second officer ${result.applications.checker})`);
    console.log(`investors      ${result.investorsOnboarded} onboarded, ${result.investments} investments`);
    console.log(`loans          ${f.loans.count} disbursed, ¥${cny(f.loans.amount)} (active ${f.loans.active}, closed ${f.loans.closed})`);
    console.log(`repaid         ${f.repaid.repayments} repayments: principal ¥${cny(f.repaid.principal)}, interest ¥${cny(f.repaid.interest)}, penalty ¥${cny(f.repaid.penalty)}`);
    console.log(`to investors   principal ¥${cny(f.investorReturns.principal)}, interest net of fees ¥${cny(f.investorReturns.interestNet)}, penalty ¥${cny(f.investorReturns.penalty)}; service fees ¥${cny(f.serviceFees)}`);
    console.log(`penalties      accrued ¥${cny(f.penalties.accrued)}, paid ¥${cny(f.penalties.paid)}`);
    console.log(`overdue        ${f.overdue.length === 0 ? "none" : f.overdue.map((o) => `${o.bucket}: ${o.loans} loans ¥${cny(o.amount)}`).join("; ")}`);
    console.log(`due runs       ${result.dueRuns}; SMS sent ${result.sms}${result.leftoversFinished > 0 ? `; ${result.leftoversFinished} loan(s) left half-way by the earlier run finished` : ""}`);
    console.log(`auto-invest: ${f.autoInvest.investments} investments, ¥${cny(f.autoInvest.amount)}`);
    console.log(`transfers: ${f.transfers.completed} completed, ¥${cny(f.transfers.amount)}`);
    console.log(`ledger:check   ${f.ledger.ok ? "OK" : `FAILED (${f.ledger.violations} violations)`} — ${f.ledger.entries} entries`);
    const custodyOk = f.books.custodyDaysBelowZero === 0;
    console.log(`custody:bank   ¥${cny(f.books.custodyBank)}; ${custodyOk ? "no day closed below zero" : `FAILED: ${f.books.custodyDaysBelowZero} day(s) closed below zero`}`);
    const limit = MAX_UNSETTLED_CLEARING_SHARE;
    let clearingOk = true;
    for (const c of f.books.clearing) {
      const share = unsettledShare(c);
      clearingOk &&= share.lte(limit);
      console.log(`${c.code.padEnd(17)} ¥${cny(c.balance)} of ¥${cny(c.passedThrough)} passed through (${share.times(100).toFixed(1)}%, goal ≤ ${limit.times(100).toFixed(0)}%: ${share.lte(limit) ? "met" : "NOT MET"})`);
    }
    return f.ledger.ok && custodyOk && clearingOk ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\nsimulation failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  },
);
