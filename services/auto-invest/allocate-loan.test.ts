import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { autoInvestRules, investments, loans, users } from "../../db/schema";
import { checkLedger } from "../ledger";
import { CONSERVATIVE_ANSWERS, createInvestor, createMarket, listLoan } from "../investing/test-fixtures";
import { invest } from "../investing/invest";
import { getWallet } from "../investing/get-wallet";
import { getPortfolio } from "../investing/get-portfolio";
import { submitRiskAssessment } from "../investing/submit-risk-assessment";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";
import { allocateLoan, autoInvestKey } from "./allocate-loan";
import { allocateOpenLoans } from "./allocate-open-loans";
import { setAutoInvestRulePaused } from "./set-rule-paused";
import { createRule } from "./test-fixtures";

const smsFor = createTestSms().senderFor;
const T0 = new Date("2026-12-04T02:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describeEachDatabase("auto-invest allocation", (ctx) => {
  it("takes turns in the fair queue, leaves the manual share for the window, then the scheduled pass fills the rest", async () => {
    const market = await createMarket(ctx.db);
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await createInvestor(ctx.db, market, "20000.00"));
    const rules = [];
    // Created in order; the second has invested before (most recently), so it queues last.
    for (const [i, person] of people.entries()) rules.push(await createRule(ctx.db, market.operatorId, person, { name: `规则${i}`, amountPerLoan: "3000" }, at(-100 + i)));
    await ctx.db.update(autoInvestRules).set({ lastAllocatedAt: at(-10) }).where(eq(autoInvestRules.id, rules[1]!.id));
    const loan = await listLoan(ctx.db, market, "10000.00", { now: T0 });

    const first = await allocateLoan(ctx.db, { operatorId: market.operatorId, loanId: loan.id, smsFor, now: at(1) });
    // 30% stays for people by hand: rules stop at ¥7,000 — 3,000 + 3,000 + the 1,000 left of the auto room.
    expect(first.placed.map((p) => [p.ruleId, p.amount])).toEqual([
      [rules[0]!.id, "3000.00"],
      [rules[2]!.id, "3000.00"],
      [rules[3]!.id, "1000.00"],
    ]);
    const rows = await ctx.db.select().from(investments).where(eq(investments.loanId, loan.id));
    expect(rows.every((r) => r.autoInvestRuleId && r.idempotencyKey === autoInvestKey(r.autoInvestRuleId, loan.id) && r.status === "pending")).toBe(true);
    const [phone0] = await ctx.db.select({ phone: users.phone }).from(users).where(eq(users.id, people[0]!));
    expect((await smsBodiesTo(ctx.db, market.operatorId, phone0!.phone))[0]).toContain("自动投标规则「规则0」已出借¥3,000.00");

    // The portfolio shows which rule made the investment.
    const portfolio = await getPortfolio(ctx.db, { operatorId: market.operatorId, userId: people[0]! });
    expect(portfolio.holdings[0]!.byRules).toEqual([{ investmentId: first.placed[0]!.investmentId, ruleId: rules[0]!.id, ruleName: "规则0", amount: "3000.00" }]);

    // A rerun in the window changes nothing; a person may still take the reserved part.
    expect((await allocateLoan(ctx.db, { operatorId: market.operatorId, loanId: loan.id, smsFor, now: at(2) })).placed).toEqual([]);
    const manual = await createInvestor(ctx.db, market, "1000.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: manual, loanId: loan.id, amount: "1000", idempotencyKey: randomUUID(), now: at(3) });

    // After the window, the scheduled pass: the rule that waited (rule 1) takes the rest; the others already hold their part.
    const later = await allocateOpenLoans(ctx.db, { operatorId: market.operatorId, smsFor, now: at(31) });
    expect(later.placed.map((p) => [p.ruleId, p.amount])).toEqual([[rules[1]!.id, "2000.00"]]);
    const [full] = await ctx.db.select().from(loans).where(eq(loans.id, loan.id));
    expect(full).toMatchObject({ fundedAmount: "10000.00", status: "funded" });
    expect((await allocateOpenLoans(ctx.db, { operatorId: market.operatorId, smsFor, now: at(32) })).placed).toEqual([]);
    const queue = await ctx.db.select().from(autoInvestRules).where(eq(autoInvestRules.operatorId, market.operatorId));
    expect(queue.every((r) => r.lastAllocatedAt !== null && r.lastAllocatedAt.getTime() >= at(1).getTime())).toBe(true);
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });

  it("skips paused rules, keeps the cash to keep, stops at the maximum total, and rechecks the grade", async () => {
    const market = await createMarket(ctx.db);
    const paused = await createInvestor(ctx.db, market, "5000.00");
    const keeper = await createInvestor(ctx.db, market, "1500.00");
    const capped = await createInvestor(ctx.db, market, "9000.00");
    const downgraded = await createInvestor(ctx.db, market, "9000.00");
    const pausedRule = await createRule(ctx.db, market.operatorId, paused, {}, at(-5));
    await setAutoInvestRulePaused(ctx.db, { operatorId: market.operatorId, investorUserId: paused, ruleId: pausedRule.id, paused: true });
    const keeperRule = await createRule(ctx.db, market.operatorId, keeper, { cashToKeep: "1000" }, at(-4));
    const cappedRule = await createRule(ctx.db, market.operatorId, capped, { amountPerLoan: "800", maxTotal: "1000", reinvest: false }, at(-3));
    await createRule(ctx.db, market.operatorId, downgraded, {}, at(-2));
    // The investor's new assessment is conservative: medium loans are no longer for them, rule or not.
    await submitRiskAssessment(ctx.db, { operatorId: market.operatorId, userId: downgraded, answers: CONSERVATIVE_ANSWERS });

    const one = await listLoan(ctx.db, market, "10000.00", { now: T0 });
    const placed = (await allocateLoan(ctx.db, { operatorId: market.operatorId, loanId: one.id, smsFor, now: at(1) })).placed;
    expect(placed.map((p) => [p.ruleId, p.amount])).toEqual([
      [keeperRule.id, "500.00"],
      [cappedRule.id, "800.00"],
    ]);
    expect((await getWallet(ctx.db, { operatorId: market.operatorId, userId: keeper })).availableCny.toFixed(2)).toBe("1000.00");

    // The capped rule has ¥200 of its ¥1,000 left: it takes that much of the next loan.
    const two = await listLoan(ctx.db, market, "10000.00", { now: at(2) });
    const next = (await allocateLoan(ctx.db, { operatorId: market.operatorId, loanId: two.id, smsFor, now: at(3) })).placed;
    expect(next.map((p) => [p.ruleId, p.amount])).toEqual([[cappedRule.id, "200.00"]]);
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });

  it("does nothing for a loan that is not in funding", async () => {
    const market = await createMarket(ctx.db);
    const person = await createInvestor(ctx.db, market, "5000.00");
    await createRule(ctx.db, market.operatorId, person);
    const loan = await listLoan(ctx.db, market, "1000.00", { now: T0, fundingWindowDays: 1 });
    expect((await allocateLoan(ctx.db, { operatorId: market.operatorId, loanId: loan.id, smsFor, now: at(60 * 24 + 1) })).placed).toEqual([]);
  });
});
