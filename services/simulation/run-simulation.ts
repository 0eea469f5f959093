import Decimal from "decimal.js";
import type { Db } from "../../db/client";
import { fetchPayoutResults } from "../payouts/fetch-payout-results";
import { SandboxPayoutBank } from "../payouts/sandbox-payout-bank";
import { closeStoreDay } from "../repayment/close-store-day";
import { createDueProcessingDeps } from "../jobs/create-due-processing-deps";
import { runDueProcessingForAll } from "../repayment/run-due-processing-for-all";
import { addDays, isCalendarDate, startOfBeijingDay } from "../shared/calendar";
import { payDueInstallments } from "./borrower-payments";
import { closeBankDay } from "./close-bank-day";
import { disburseFundedLoan, fundLoan } from "./fund-and-disburse";
import { onboardInvestor, topUpInvestor } from "./onboard-investor";
import { allocateListedLoan, saveSimRule } from "./auto-invest-rules";
import { tradeClaims } from "./trade-claims";
import { originateLoan } from "./originate-loan";
import { finishLeftoverLoans, loadEarlierBorrowers, storeDayClosed } from "./resume-earlier-run";
import { makeBorrower, makeInvestor, type SimBorrower, type SimInvestor } from "./people";
import { Rng } from "./random";
import { summarizeSimulation, type SimulationFigures } from "./summarize";
import { CapturingSms, createSimOperatorData, setupWorld, type SimWorld } from "./world";

export interface SimulationOptions {
  operatorSlug: string;
  /** First simulated Beijing date. */
  start: string;
  days: number;
  borrowers: number;
  investors: number;
  seed: number;
  secretKey: Uint8Array;
  onDay?: (day: DayReport) => void;
  /** After each step of a day (a loan's steps once per loan): progress, and where a test cuts a run off. */
  onStep?: (step: { day: number; date: string; step: SimulationStep }) => void;
}

export type SimulationStep = "due_processing" | "investors" | "loan_listed" | "loan_disbursed" | "payments" | "store_closed" | "payout_results" | "bank_closed";

export interface DayReport {
  day: number;
  days: number;
  date: string;
  applications: number;
  disbursed: number;
  repayments: number;
  ms: number;
}

export interface SimulationResult {
  start: string;
  end: string;
  applications: { total: number; signed: number; rejected: number; referred: number; checker: number };
  investorsOnboarded: number;
  investments: number;
  dueRuns: number;
  sms: number;
  /** Loans an earlier run cut off half-way left listed or funded, finished by this one. */
  leftoversFinished: number;
  figures: SimulationFigures;
}

/** A moment of a simulated Beijing day. */
function at(date: string, hour: number, minute = 0): Date {
  return new Date(startOfBeijingDay(date).getTime() + (hour * 60 + minute) * 60_000);
}

/**
 * Drives the portal's services day by day with a moving clock: each day due processing
 * runs at 00:30 (the same steps as the scheduler, SMS captured), investors join (real
 * name, risk assessment, first top-up by card or store cash), borrowers apply (09:00 on),
 * listed loans are funded through `invest` and paid out, and borrowers pay by profile
 * (16:00). Deterministic for a seed on a fresh database.
 */
export async function runSimulation(db: Db, options: SimulationOptions): Promise<SimulationResult> {
  if (!isCalendarDate(options.start)) throw new Error(`not a date: ${options.start}`);
  if (options.days < 1 || options.borrowers < 0 || options.investors < 1) throw new Error("days ≥ 1, investors ≥ 1");
  const rng = new Rng(options.seed);
  const sms = new CapturingSms();
  const subscriberData = new Map<string, { tenureMonths: number; arrearsCny: string; name: string }>();
  const world = await setupWorld(db, { operatorSlug: options.operatorSlug, secretKey: options.secretKey, operatorData: createSimOperatorData(subscriberData), sms });

  const { investors, borrowers } = makePeople(rng, world, options, subscriberData);

  const deps = createDueProcessingDeps({ smsSenderFor: sms.senderFor, channels: { secretKey: options.secretKey } });
  // Loans of earlier runs keep being repaid; a run cut off half-way leaves loans to finish (after day one's investors join).
  const borrowersByLoan = await loadEarlierBorrowers(db, world);
  const joined: SimInvestor[] = [];
  const stats = { total: 0, signed: 0, rejected: 0, referred: 0, checker: 0, investments: 0, dueRuns: 0, leftovers: 0 };
  // Done again after a cut-off between the store's close and the bank's statement: nobody new comes that day.
  const startClosed = await storeDayClosed(db, world, options.start);
  const dayOf = (d: number) => (startClosed && d === 0 ? 1 : d);
  let leftoversPending = true;
  let date = options.start;
  for (let day = 0; day < options.days; day++, date = addDays(options.start, day)) {
    const began = Date.now();
    const stepDone = (step: SimulationStep) => options.onStep?.({ day, date, step });
    await runDueProcessingForAll(db, { date, operatorSlug: world.operatorSlug, now: at(date, 0, 30), deps });
    stats.dueRuns++;
    stepDone("due_processing");

    for (const [k, investor] of investors.filter((i) => dayOf(i.joinDay) === day).entries()) {
      const when = at(date, 8, k % 60);
      await onboardInvestor(db, world, investor, when);
      await topUpInvestor(db, world, investor, new Decimal(rng.int(5, 50) * 1000), new Date(when.getTime() + 120_000));
      await saveSimRule(db, world, investor, new Date(when.getTime() + 180_000));
      joined.push(investor);
    }
    if (leftoversPending && joined.length > 0) {
      const leftovers = await finishLeftoverLoans(db, world, { investors: joined, rng, at: at(date, 8, 30) });
      stats.leftovers = leftovers.loanIds.length;
      stats.investments += leftovers.investments;
      leftoversPending = false;
    }
    stepDone("investors");

    const { applications, disbursed } = await originateDay(db, world, { borrowers: borrowers.filter((b) => dayOf(b.applyDay) === day), date, rng, joined, borrowersByLoan, stats, stepDone });
    await tradeClaims(db, world, { investors: joined, at: at(date, 12) });
    const payments = await endDay(db, world, { date, borrowersByLoan, stepDone });
    options.onDay?.({ day: day + 1, days: options.days, date, applications, disbursed, repayments: payments.requests, ms: Date.now() - began });
  }
  return {
    start: options.start,
    end: addDays(options.start, options.days - 1),
    applications: { total: stats.total, signed: stats.signed, rejected: stats.rejected, referred: stats.referred, checker: stats.checker },
    investorsOnboarded: joined.length,
    investments: stats.investments,
    dueRuns: stats.dueRuns,
    sms: sms.sent,
    leftoversFinished: stats.leftovers,
    figures: await summarizeSimulation(db, { operatorId: world.operatorId }),
  };
}

type Stats = { total: number; signed: number; rejected: number; referred: number; checker: number; investments: number };

/** The day's borrowers apply (09:00 on); each signed loan is funded through `invest` and paid out. */
async function originateDay(
  db: Db,
  world: SimWorld,
  input: { borrowers: SimBorrower[]; date: string; rng: Rng; joined: SimInvestor[]; borrowersByLoan: Map<string, SimBorrower>; stats: Stats; stepDone: (step: SimulationStep) => void },
): Promise<{ applications: number; disbursed: number }> {
  const { stats, rng } = input;
  let applications = 0;
  let disbursed = 0;
  for (const [k, borrower] of input.borrowers.entries()) {
    applications++;
    stats.total++;
    const start = at(input.date, 9, (k * 20) % 400);
    const outcome = await originateLoan(db, world, borrower, rng, start);
    if (outcome.referred) stats.referred++;
    if (outcome.outcome === "rejected") {
      stats.rejected++;
      continue;
    }
    stats.signed++;
    if (outcome.checker) stats.checker++;
    input.stepDone("loan_listed");
    stats.investments += (await allocateListedLoan(db, world, outcome.loanId)).investments;
    stats.investments += await fundLoan(db, world, { loanId: outcome.loanId, investors: input.joined, rng, at: new Date(start.getTime() + 30 * 60_000) });
    await disburseFundedLoan(db, world, { loanId: outcome.loanId, at: new Date(start.getTime() + 3 * 3_600_000) });
    input.borrowersByLoan.set(outcome.loanId, borrower);
    disbursed++;
    input.stepDone("loan_disbursed");
  }
  return { applications, disbursed };
}

/** Borrowers pay (16:00), the store closes its day, the bank's payout results and the day's statements come in. */
async function endDay(
  db: Db,
  world: SimWorld,
  input: { date: string; borrowersByLoan: ReadonlyMap<string, SimBorrower>; stepDone: (step: SimulationStep) => void },
): Promise<{ requests: number }> {
  const { date } = input;
  const payments = await payDueInstallments(db, world, { date, at: at(date, 16), borrowersByLoan: input.borrowersByLoan });
  input.stepDone("payments");
  // The store closes its day at 18:00: the day's cash goes to custody (日结).
  await closeStoreDay(db, { operatorId: world.operatorId, clerkUserId: world.clerk.userId, now: at(date, 18) });
  input.stepDone("store_closed");
  // The custody bank's answers to the day's payout instructions, picked up at 23:00: a paid loan is disbursed then.
  await fetchPayoutResults(db, new SandboxPayoutBank(db, { clock: () => at(date, 23) }), { operatorId: world.operatorId, smsFor: world.sms.senderFor, now: at(date, 23) });
  input.stepDone("payout_results");
  // The operator settles the phone bill at 20:00; the custody bank's statement of the day is imported at 23:30.
  await closeBankDay(db, { operatorId: world.operatorId, date, settledAt: at(date, 20), statementAt: at(date, 23, 30) });
  input.stepDone("bank_closed");
  return payments;
}

/** The run's investors (four in ten join on day one) and borrowers (applying up to a fortnight before the end), in rng order. */
function makePeople(
  rng: Rng,
  world: SimWorld,
  options: SimulationOptions,
  subscriberData: Map<string, { tenureMonths: number; arrearsCny: string; name: string }>,
): { investors: SimInvestor[]; borrowers: SimBorrower[] } {
  const investors: SimInvestor[] = [];
  for (let i = 0; i < options.investors; i++) {
    const joinDay = i < Math.max(3, Math.ceil(options.investors * 0.4)) ? 0 : rng.int(0, Math.max(0, Math.floor(options.days / 2)));
    investors.push(makeInvestor(rng, world.nextPersonNo(), joinDay));
  }
  const lastApplyDay = Math.max(0, options.days - Math.min(15, Math.floor(options.days / 4)) - 1);
  const borrowers: SimBorrower[] = [];
  for (let i = 0; i < options.borrowers; i++) {
    const borrower = makeBorrower(rng, world.nextPersonNo(), rng.int(0, lastApplyDay));
    subscriberData.set(borrower.phone, { tenureMonths: borrower.tenureMonths, arrearsCny: borrower.arrearsCny, name: borrower.name });
    borrowers.push(borrower);
  }
  return { investors, borrowers };
}
