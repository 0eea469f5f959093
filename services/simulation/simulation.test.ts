import { eq, sql } from "drizzle-orm";
import { createTestSms } from "../sms/testing/test-sms";
import { expect, it } from "vitest";
import type { Db } from "../../db/client";
import { dueActions, ledgerEntries, loanDelinquency, loanInstallments, repayments } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { createDueProcessingDeps } from "../jobs/create-due-processing-deps";
import { runDueProcessingForAll } from "../repayment/run-due-processing-for-all";
import { generateSandboxStatements, importStatement, loadResultsWithState, reconcileDay } from "../reconciliation";
import { addDays } from "../shared/calendar";
import { runSimulation } from "./run-simulation";
import { MAX_UNSETTLED_CLEARING_SHARE, unsettledShare } from "./summarize";

const SECRET = new Uint8Array(32).fill(9);

async function snapshot(db: Db, operatorId: string) {
  const one = async (query: Promise<{ n: number }[]>) => Number((await query)[0]!.n);
  const n = sql<number>`count(*)::int`;
  return {
    entries: await one(db.select({ n }).from(ledgerEntries).where(eq(ledgerEntries.operatorId, operatorId))),
    repayments: await one(db.select({ n }).from(repayments).where(eq(repayments.operatorId, operatorId))),
    actions: await one(db.select({ n }).from(dueActions).where(eq(dueActions.operatorId, operatorId))),
    penalties: (await db.select({ s: sql<string>`coalesce(sum(penalty_accrued), 0)::text` }).from(loanInstallments).where(eq(loanInstallments.operatorId, operatorId)))[0]!.s,
    delinquency: (await db.select({ s: sql<string>`coalesce(string_agg(bucket || days_past_due::text, ',' order by loan_id), '')` }).from(loanDelinquency).where(eq(loanDelinquency.operatorId, operatorId)))[0]!.s,
  };
}

describeEachDatabase("simulator", (ctx) => {
  it("a small run originates, disburses and repays loans through the services; the ledger checks out; a simulated date rerun changes nothing", async () => {
    const operator = await createTestOperator(ctx.db, "simtest");
    const start = "2026-03-02";
    const result = await runSimulation(ctx.db, { operatorSlug: operator.slug, start, days: 60, borrowers: 8, investors: 10, seed: 11, secretKey: SECRET });

    expect(result.applications.total).toBe(8);
    expect(result.figures.loans.count).toBeGreaterThan(0);
    expect(result.figures.repaid.repayments).toBeGreaterThan(0);
    expect(Number(result.figures.repaid.principal)).toBeGreaterThan(0);
    expect(result.figures.ledger).toMatchObject({ ok: true, violations: 0 });
    // One investor in three keeps an auto-invest rule: rules took part in the listed loans.
    expect(result.figures.autoInvest.investments).toBeGreaterThan(0);
    expect(Number(result.figures.autoInvest.amount)).toBeGreaterThan(0);
    // One investor in four sells half a claim past the holding period, one in four buys: transfers completed.
    expect(result.figures.transfers.completed).toBeGreaterThan(0);
    expect(Number(result.figures.transfers.amount)).toBeGreaterThan(0);
    expect(result.dueRuns).toBe(60);
    // The books mirror the bank: custody never closed a day overdrawn, every clearing account emptied by what arrived.
    expect(result.figures.books.custodyDaysBelowZero).toBe(0);
    expect(Number(result.figures.books.custodyBank)).toBeGreaterThan(0);
    expect(result.figures.books.clearing.filter((c) => unsettledShare(c).gt(MAX_UNSETTLED_CLEARING_SHARE)).map((c) => `${c.code} ${c.balance} of ${c.passedThrough}`)).toEqual([]);
    expect(result.figures.books.clearing.map((c) => c.code)).toEqual(expect.arrayContaining(["clearing:card", "clearing:passbook", "clearing:phonebill"]));

    const before = await snapshot(ctx.db, operator.id);
    const [rerun] = await runDueProcessingForAll(ctx.db, { date: addDays(start, 40), operatorSlug: operator.slug, deps: createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }) });
    expect(rerun!.result.alreadyDone).toBe(true);
    expect(await snapshot(ctx.db, operator.id)).toEqual(before);

    // Issue 8: the sandbox parties' statements of every simulated day reconcile with no break.
    const channels = ["passbook_result", "phonebill_settlement", "store_cash", "stripe_balance", "custody_statement"] as const;
    const seen = new Set<string>();
    for (let day = 0; day < 60; day++) {
      const date = addDays(start, day);
      for (const file of await generateSandboxStatements(ctx.db, { operatorId: operator.id, date })) {
        seen.add(file.source);
        await importStatement(ctx.db, { operatorId: operator.id, ...file, actor: { system: "test" } });
      }
      for (const channel of channels) {
        await reconcileDay(ctx.db, { operatorId: operator.id, channel, date });
        const results = await loadResultsWithState(ctx.db, { operatorId: operator.id, channel, fromDate: date, toDate: date });
        expect(results.filter((r) => r.state !== "matched").map((r) => `${date} ${channel} ${r.result.status}`)).toEqual([]);
      }
    }
    expect([...seen].sort()).toEqual(["custody_statement", "passbook_result", "phonebill_settlement", "store_cash", "stripe_balance"]);
  }, 300_000);
});
