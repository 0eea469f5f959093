import { and, eq, lte, sql } from "drizzle-orm";
import { createTestSms } from "../sms/testing/test-sms";
import { expect, it } from "vitest";
import type { Db } from "../../db/client";
import { dueRuns, ledgerEntries, loanInstallments, loans, repayments } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { checkLedger } from "../ledger";
import { ensureStore } from "../stores";
import { startOfBeijingDay } from "../shared/calendar";
import { applyRepayments } from "./apply-repayments";
import { createDueProcessingDeps } from "../jobs/create-due-processing-deps";
import { runDueProcessing, type DueStep } from "./run-due-processing";
import { ensureTodaysDueProcessing } from "./run-due-processing-for-all";
import { withDueRunLock } from "./due-run-lock";
import { DUE_PROCESSING_DAILY, registerDueProcessingJobs, type JobQueue } from "../jobs";
import { createDisbursedLoan } from "./testing/disbursed-loan";

const DATE = "2027-02-10";
const NOW = new Date(startOfBeijingDay(DATE).getTime() + 30 * 60_000);

/**
 * A stand-in for a channel's due step: every installment due on the date is paid at the
 * store with reference `test:<date>:<loan>` (one request per loan, own transaction), with
 * progress after each; `crashAfter` makes it throw half-way, as a process dying would.
 */
function payingStep(storeId: string, crashAfter: number | null): DueStep {
  return {
    name: "test_store_payments",
    async run(ctx) {
      const due = await ctx.db
        .select({ loanId: loanInstallments.loanId, payment: loanInstallments.payment })
        .from(loanInstallments)
        .innerJoin(loans, eq(loans.id, loanInstallments.loanId))
        .where(and(eq(loans.operatorId, ctx.operatorId), eq(loanInstallments.dueDate, ctx.date), lte(loanInstallments.n, 1)))
        .orderBy(loanInstallments.loanId);
      let done = 0;
      for (const row of due) {
        if (crashAfter !== null && done === crashAfter) throw new Error("simulated crash");
        await applyRepayments(ctx.db, {
          operatorId: ctx.operatorId,
          postedBy: { system: "test" },
          now: ctx.now,
          requests: [{ loanId: row.loanId, source: "store_cash", storeId, reference: `test:${ctx.date}:${row.loanId}`, amountCny: row.payment, receivedAt: ctx.now }],
        });
        done++;
        await ctx.progress(done, due.length);
      }
    },
  };
}

async function operatorWithLoans(db: Db): Promise<{ operatorId: string; storeId: string }> {
  const first = await createDisbursedLoan(db, { investments: ["600.00", "400.00"], disbursedAt: new Date("2027-01-10T02:00:00Z") });
  for (const parts of [["500.00", "500.00"], ["300.00", "300.00", "400.00"]]) {
    await createDisbursedLoan(db, { investments: parts, disbursedAt: new Date("2027-01-10T03:00:00Z"), market: first.market });
  }
  const store = await ensureStore(db, { operatorId: first.market.operatorId, code: "S001", nameZh: "测试营业厅", nameEn: "Store", addressZh: "人民路 1 号" });
  return { operatorId: first.market.operatorId, storeId: store.id };
}

async function counts(db: Db, operatorId: string) {
  const [entries] = await db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries).where(eq(ledgerEntries.operatorId, operatorId));
  const [paid] = await db.select({ n: sql<number>`count(*)::int` }).from(repayments).where(eq(repayments.operatorId, operatorId));
  const [installments] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(loanInstallments)
    .where(and(eq(loanInstallments.operatorId, operatorId), eq(loanInstallments.status, "paid")));
  return { entries: Number(entries!.n), repayments: Number(paid!.n), paidInstallments: Number(installments!.n) };
}

describeEachDatabase("due processing: crash and resume", (ctx) => {
  it("a run that dies half-way finishes on the rerun without posting twice, like an uncrashed run; a finished date changes nothing", async () => {
    const crashed = await operatorWithLoans(ctx.db);
    const clean = await operatorWithLoans(ctx.db);
    const deps = (storeId: string, crashAfter: number | null) => ({ ...createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }), extraSteps: [payingStep(storeId, crashAfter)] });

    await expect(runDueProcessing(ctx.db, { operatorId: crashed.operatorId, date: DATE, now: NOW, deps: deps(crashed.storeId, 2) })).rejects.toThrow("simulated crash");
    const [halfway] = await ctx.db.select().from(dueRuns).where(eq(dueRuns.operatorId, crashed.operatorId));
    expect(halfway).toMatchObject({ status: "running", step: "test_store_payments", attempts: 1 });
    expect((halfway!.progress as Record<string, { done: number; finished: boolean }>).test_store_payments).toMatchObject({ done: 2, finished: false });
    expect((await counts(ctx.db, crashed.operatorId)).repayments).toBe(2);

    const resumed = await runDueProcessing(ctx.db, { operatorId: crashed.operatorId, date: DATE, now: NOW, deps: deps(crashed.storeId, null) });
    expect(resumed).toMatchObject({ alreadyDone: false, attempts: 2 });
    expect(resumed.progress.test_store_payments).toMatchObject({ done: 3, total: 3, finished: true });
    await runDueProcessing(ctx.db, { operatorId: clean.operatorId, date: DATE, now: NOW, deps: deps(clean.storeId, null) });

    const after = await counts(ctx.db, crashed.operatorId);
    expect(after).toEqual(await counts(ctx.db, clean.operatorId));
    expect(after.repayments).toBe(3);
    expect(after.paidInstallments).toBe(3);
    expect((await checkLedger(ctx.db, { operatorId: crashed.operatorId })).violations).toEqual([]);

    // The same date again: already done, nothing changes (not even with a step that would crash).
    const again = await runDueProcessing(ctx.db, { operatorId: crashed.operatorId, date: DATE, now: NOW, deps: deps(crashed.storeId, 0) });
    expect(again).toMatchObject({ alreadyDone: true, attempts: 2 });
    expect(await counts(ctx.db, crashed.operatorId)).toEqual(after);
    const [run] = await ctx.db.select().from(dueRuns).where(eq(dueRuns.operatorId, crashed.operatorId));
    expect(run).toMatchObject({ status: "done", attempts: 2 });
  });

  it("the next check finishes a run that was cut off at once; a run whose runner is alive (holds its lock) is left alone", async () => {
    const cut = await operatorWithLoans(ctx.db);
    const deps = (crashAfter: number | null) => ({ ...createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }), extraSteps: [payingStep(cut.storeId, crashAfter)] });
    await expect(runDueProcessing(ctx.db, { operatorId: cut.operatorId, date: DATE, now: NOW, deps: deps(1) })).rejects.toThrow("simulated crash");
    // A minute later, the same day (before the daily time: only cut-off runs are looked at).
    const soon = new Date(NOW.getTime() - 20 * 60_000 + 24 * 3_600_000);
    const status = async () => (await ctx.db.select().from(dueRuns).where(eq(dueRuns.operatorId, cut.operatorId)))[0]!.status;
    const mine = (runs: Awaited<ReturnType<typeof ensureTodaysDueProcessing>>) => runs.filter((r) => r.operatorId === cut.operatorId);

    // Someone is running it (holds the lock): the check leaves it alone, a manual run says so and does nothing.
    let release!: () => void;
    const held = withDueRunLock(ctx.db, { operatorId: cut.operatorId, date: DATE }, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mine(await ensureTodaysDueProcessing(ctx.db, { now: soon, deps: deps(null) }))).toEqual([]);
    expect(await runDueProcessing(ctx.db, { operatorId: cut.operatorId, date: DATE, now: soon, deps: deps(null) })).toMatchObject({ alreadyDone: false, runningElsewhere: true, attempts: 1 });
    expect(await status()).toBe("running");
    expect((await counts(ctx.db, cut.operatorId)).repayments).toBe(1);
    release();
    expect(await held).toEqual({ held: true, value: undefined });

    // Its runner is gone (the lock is free): the very next check finishes it once, no waiting period.
    const ran = mine(await ensureTodaysDueProcessing(ctx.db, { now: soon, deps: deps(null) }));
    expect(ran.map((r) => [r.result.runDate, r.result.alreadyDone, r.result.attempts])).toEqual([[DATE, false, 2]]);
    expect(await status()).toBe("done");
    expect((await counts(ctx.db, cut.operatorId)).repayments).toBe(3);
    expect(mine(await ensureTodaysDueProcessing(ctx.db, { now: soon, deps: deps(null) }))).toEqual([]);
  });

  it("the pg-boss path resumes a cut-off run when the portal starts and again at the daily run", async () => {
    const cut = await operatorWithLoans(ctx.db);
    const deps = (crashAfter: number | null) => ({ ...createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }), extraSteps: [payingStep(cut.storeId, crashAfter)] });
    const status = async (date: string) => (await ctx.db.select().from(dueRuns).where(and(eq(dueRuns.operatorId, cut.operatorId), eq(dueRuns.runDate, date))))[0]?.status;
    let clockNow = new Date(NOW.getTime() + 2 * 3_600_000);
    const clock = () => clockNow;
    await expect(runDueProcessing(ctx.db, { operatorId: cut.operatorId, date: DATE, now: NOW, deps: deps(1) })).rejects.toThrow("simulated crash");
    const queue = recordingQueue();
    const lines: string[] = [];
    await registerDueProcessingJobs(queue, { db: async () => ctx.db, deps: deps(null), clock, log: (line) => lines.push(line) });
    expect(await status(DATE)).toBe("done");
    expect(lines.join("\n")).toContain(`${DATE} done (attempt 2)`);

    // Cut off again on a later date: the next daily tick finishes it before it enqueues its own date.
    const later = "2027-02-11";
    const dies: DueStep = { name: "test_store_payments", run: async () => Promise.reject(new Error("simulated crash")) };
    await expect(runDueProcessing(ctx.db, { operatorId: cut.operatorId, date: later, now: NOW, deps: { ...deps(null), extraSteps: [dies] } })).rejects.toThrow("simulated crash");
    expect(await status(later)).toBe("running");
    clockNow = new Date(NOW.getTime() + 48 * 3_600_000);
    await queue.workers.get(DUE_PROCESSING_DAILY)!({});
    expect(await status(later)).toBe("done");
    expect(queue.sent.map((s) => s.singletonKey)).toEqual(["due:2027-02-12"]);
    expect((await checkLedger(ctx.db, { operatorId: cut.operatorId })).violations).toEqual([]);
  });
});

/** A JobQueue that keeps workers for the test to fire and records what is sent. */
function recordingQueue() {
  const workers = new Map<string, (data: object) => Promise<void>>();
  const sent: { name: string; singletonKey?: string }[] = [];
  const queue: JobQueue & { workers: typeof workers; sent: typeof sent } = {
    workers,
    sent,
    createQueue: async () => {},
    send: async (name, _data, options) => {
      sent.push({ name, singletonKey: options?.singletonKey });
      return "id";
    },
    work: async (name, handler) => void workers.set(name, handler as (data: object) => Promise<void>),
    schedule: async () => {},
    stop: async () => {},
  };
  return queue;
}
