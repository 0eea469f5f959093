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

  it("the scheduler's next check finishes an earlier date's run that was cut off; a run in progress is left alone", async () => {
    const cut = await operatorWithLoans(ctx.db);
    const deps = (crashAfter: number | null) => ({ ...createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }), extraSteps: [payingStep(cut.storeId, crashAfter)] });
    await expect(runDueProcessing(ctx.db, { operatorId: cut.operatorId, date: DATE, now: NOW, deps: deps(1) })).rejects.toThrow("simulated crash");
    // The next day, before the daily time: too soon after the crash, the run may still be going.
    const nextDay = new Date(startOfBeijingDay("2027-02-11").getTime() + 10 * 60_000);
    const status = async () => (await ctx.db.select().from(dueRuns).where(eq(dueRuns.operatorId, cut.operatorId)))[0]!.status;
    await ctx.db.update(dueRuns).set({ startedAt: new Date(nextDay.getTime() - 5 * 60_000) }).where(eq(dueRuns.operatorId, cut.operatorId));
    expect((await ensureTodaysDueProcessing(ctx.db, { now: nextDay, deps: deps(null) })).filter((r) => r.operatorId === cut.operatorId)).toEqual([]);
    expect(await status()).toBe("running");
    // Started long enough ago: it was cut off, and the check finishes it once.
    await ctx.db.update(dueRuns).set({ startedAt: new Date(nextDay.getTime() - 3 * 3_600_000) }).where(eq(dueRuns.operatorId, cut.operatorId));
    const ran = (await ensureTodaysDueProcessing(ctx.db, { now: nextDay, deps: deps(null) })).filter((r) => r.operatorId === cut.operatorId);
    expect(ran.map((r) => [r.result.runDate, r.result.alreadyDone])).toEqual([[DATE, false]]);
    expect(await status()).toBe("done");
    expect((await counts(ctx.db, cut.operatorId)).repayments).toBe(3);
  });
});
