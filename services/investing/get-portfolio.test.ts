import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { chart, checkLedger, openAccount, postEntry } from "../ledger";
import { getPortfolio } from "./get-portfolio";
import { getInvestorStatement } from "./get-investor-statement";
import { investorStatementCsv } from "./investor-statement-csv";
import { invest } from "./invest";
import { createInvestor, createMarket, disburseForTest, fund, listLoan, repayForTest } from "./test-fixtures";
import { xirr } from "./xirr";
import { users } from "../../db/schema";
import { assignClerk, ensureStore } from "../stores";
import { takeStoreRepayment } from "../repayment/take-store-repayment";
import { createDisbursedLoan } from "../repayment/testing/disbursed-loan";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("xirr", () => {
  it("matches known money-weighted returns", () => {
    // 1,000 in, 1,100 out a year (365 days) later: 10%.
    expect(xirr([{ at: day("2025-01-01"), amountCny: new Decimal(-1000) }, { at: day("2026-01-01"), amountCny: new Decimal(1100) }])!.toFixed(6)).toBe("0.100000");
    // Excel's XIRR example: -10000, 2750, 4250, 3250, 2750 → 37.34%.
    const excel = xirr([
      { at: day("2008-01-01"), amountCny: new Decimal(-10000) },
      { at: day("2008-03-01"), amountCny: new Decimal(2750) },
      { at: day("2008-10-30"), amountCny: new Decimal(4250) },
      { at: day("2009-02-15"), amountCny: new Decimal(3250) },
      { at: day("2009-04-01"), amountCny: new Decimal(2750) },
    ]);
    expect(excel!.toFixed(4)).toBe("0.3734");
    // Idle money earns nothing: the same 10% gain on twice the cash is about 5%.
    expect(xirr([{ at: day("2025-01-01"), amountCny: new Decimal(-2000) }, { at: day("2026-01-01"), amountCny: new Decimal(2100) }])!.toFixed(4)).toBe("0.0500");
  });

  it("is null when there is nothing to solve", () => {
    expect(xirr([])).toBeNull();
    expect(xirr([{ at: day("2025-01-01"), amountCny: new Decimal(-1) }, { at: day("2025-01-01"), amountCny: new Decimal(1) }])).toBeNull();
    expect(xirr([{ at: day("2025-01-01"), amountCny: new Decimal(-1) }, { at: day("2026-01-01"), amountCny: new Decimal(-1) }])).toBeNull();
  });
});

describeEachDatabase("portfolio and returns", (ctx) => {
  it("shows holdings, expected payments, returns read from the ledger, totals and a return counting idle cash", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market);
    await fund(ctx.db, market, investor, "10000.00");
    const loan = await listLoan(ctx.db, market, "1000.00");
    const pendingLoan = await listLoan(ctx.db, market, "5000.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "600", idempotencyKey: randomUUID() });
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: pendingLoan.id, amount: "200", idempotencyKey: randomUUID() });
    const other = await createInvestor(ctx.db, market, "400.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: other, loanId: loan.id, amount: "400", idempotencyKey: randomUUID() });
    await disburseForTest(ctx.db, market.operatorId, loan.id);
    // First installment of the 1,000 loan (12%/yr, equal principal over 6): principal 166.67, interest 10.00.
    // The investor's 60%: principal 100.00, interest 6.00, fee 10% → 5.40 net.
    await repayForTest(ctx.db, { operatorId: market.operatorId, loanId: loan.id, investorId: investor, principal: "100.00", interestNet: "5.40", fee: "0.60" });

    const portfolio = await getPortfolio(ctx.db, { operatorId: market.operatorId, userId: investor });
    const holding = portfolio.holdings.find((h) => h.loanId === loan.id)!;
    expect(holding).toMatchObject({ loanStatus: "disbursed", principal: "600.00", outstandingPrincipal: "500.00", receivedPrincipal: "100.00", receivedInterest: "5.40", pending: false });
    expect(holding.expected.length).toBeGreaterThan(0);
    expect(holding.expected.every((i) => i.dueDate)).toBe(true);
    const pendingHolding = portfolio.holdings.find((h) => h.loanId === pendingLoan.id)!;
    expect(pendingHolding).toMatchObject({ loanStatus: "funding", principal: "200.00", outstandingPrincipal: "200.00", pending: true });
    expect(pendingHolding.expected.reduce((s, i) => s.plus(i.principal), new Decimal(0)).toFixed(2)).toBe("200.00");
    expect(portfolio.received).toHaveLength(1);
    expect(portfolio.received[0]).toMatchObject({ loanId: loan.id, principal: "100.00", interest: "5.40", total: "105.40" });
    // Cash: 10,000 − 600 lent + 105.40 back = 9,505.40 (200 of it reserved); plus the 500 claim.
    expect(portfolio.wallet).toMatchObject({ available: "9305.40", reserved: "200.00", cash: "9505.40" });
    expect(portfolio.totals).toMatchObject({ principal: "800.00", receivedInterest: "5.40", receivedPrincipal: "100.00", totalAssets: "10005.40" });
    // Everything happened today: too short a span to annualise.
    expect(portfolio.xirr).toBeNull();

    const statement = await getInvestorStatement(ctx.db, { operatorId: market.operatorId, userId: investor, from: null, to: null });
    expect([statement.opening, statement.closing]).toEqual(["0.00", "9505.40"]);
    const csv = investorStatementCsv(statement, {
      headers: ["时间", "类型", "摘要", "收入", "支出", "余额"],
      opening: "期初余额",
      closing: "期末余额",
      kind: (k) => k,
      time: (d) => d.toISOString(),
    });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('"期末余额","","","","",9505.40');
    expect(csv).toContain(',105.40,0.00,');
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });
});

describeEachDatabase("account return (XIRR) from the ledger", (ctx) => {
  it("counts top-ups in, returns as growth and the whole balance, idle cash included, at the end", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market);
    const now = new Date();
    const yearAgo = new Date(now.getTime() - 365 * 86400_000);
    const wallet = await openAccount(ctx.db, { operatorId: market.operatorId, ...chart.walletAvailable(investor) });
    const card = await openAccount(ctx.db, { operatorId: market.operatorId, ...chart.clearingCard() });
    const fee = await openAccount(ctx.db, { operatorId: market.operatorId, ...chart.revenueServiceFee() });
    const post = (key: string, cause: "top_up" | "repayment", from: string, amount: string, at: Date) =>
      postEntry(ctx.db, {
        operatorId: market.operatorId,
        idempotencyKey: key,
        kind: cause,
        cause: { type: cause, id: key },
        postedBy: { system: "test" },
        postings: [
          { accountId: from, amountCny: amount },
          { accountId: wallet.id, amountCny: `-${amount}` },
        ],
        now: at,
      });
    await post("xirr-top-up", "top_up", card.id, "2000.00", yearAgo);
    // 100 of returns on 2,000 of cash over a year: 5%, however little of it was lent.
    await post("xirr-return", "repayment", fee.id, "100.00", new Date(now.getTime() - 1000));
    const portfolio = await getPortfolio(ctx.db, { operatorId: market.operatorId, userId: investor, now });
    expect(portfolio.xirr).toBe("0.0500");
  });
});

describeEachDatabase("what an investor still expects follows the money", (ctx) => {
  it("an installment paid a month early drops out of 预期回款计划, and 待收 + 已收 stays what was expected", async () => {
    const at = (iso: string, hour = 10) => new Date(`${iso}T${String(hour).padStart(2, "0")}:00:00+08:00`);
    // ¥10,000 at 12 % over 6 months, equal principal; the investor holds 60 %.
    const loan = await createDisbursedLoan(ctx.db, { investments: ["6000.00", "4000.00"], disbursedAt: at("2026-01-15") });
    const operatorId = loan.market.operatorId;
    const investor = loan.investorIds[0]!;
    const before = await getPortfolio(ctx.db, { operatorId, userId: investor, now: at("2026-01-16") });
    const holdingBefore = before.holdings[0]!;
    expect(holdingBefore.expected.map((i) => i.n)).toEqual([1, 2, 3, 4, 5, 6]);

    const store = await ensureStore(ctx.db, { operatorId, code: "S001", nameZh: "城关营业厅", nameEn: "Chengguan store", addressZh: "人民路 88 号" });
    const [clerk] = await ctx.db.insert(users).values({ operatorId, phone: "18600000093" }).returning({ id: users.id });
    await assignClerk(ctx.db, { userId: clerk!.id, storeId: store.id });
    // Installment 1 (1666.67 + 100.00) paid at the counter the day after disbursement, a month before it is due.
    await takeStoreRepayment(ctx.db, { operatorId, clerkUserId: clerk!.id, loanId: loan.loanId, amount: "1766.67", receiptNo: "R-EARLY-1", kind: "installment", now: at("2026-01-16", 11) });

    const after = await getPortfolio(ctx.db, { operatorId, userId: investor, now: at("2026-01-16", 12) });
    const holding = after.holdings[0]!;
    expect(holding.expected.map((i) => i.n)).toEqual([2, 3, 4, 5, 6]);
    expect(holding.receivedInterest).toBe("54.00");
    expect(new Decimal(holding.expectedInterest).plus(holding.receivedInterest).toFixed(2)).toBe(holdingBefore.expectedInterest);
    expect(new Decimal(holding.outstandingPrincipal).plus(holding.receivedPrincipal).toFixed(2)).toBe("6000.00");
    expect(holding.expected.reduce((s, i) => s.plus(i.principal), new Decimal(0)).toFixed(2)).toBe(holding.outstandingPrincipal);
    expect(after.totals.expectedInterest).toBe(holding.expectedInterest);
  });
});
