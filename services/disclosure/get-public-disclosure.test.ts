import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { loanInstallments, loans, operators, userRoles } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { invest } from "../investing";
import { createInvestor, createMarket, disburseForTest, type Market } from "../investing/test-fixtures";
import { createUser } from "../ledger/test-fixtures";
import { openLoanForFunding } from "../lending";
import { getPublicDisclosure } from "./get-public-disclosure";

const bj = (local: string) => new Date(`${local}+08:00`);

describeEachDatabase("public platform disclosure", (ctx) => {
  let market: Market;
  let staffBorrower = "";
  const now = bj("2026-12-04T10:00:00");

  /** A loan paid out on `at` with two installments; `paidFirst` marks the first one paid. */
  async function paidOutLoan(borrower: string, amount: string, at: Date, paidFirst = false) {
    const loan = await openLoanForFunding(ctx.db, { operatorId: market.operatorId, borrowerUserId: borrower, productId: market.productId, amountCny: amount, titleZh: "披露测试", regionZh: "河南省周口市", now: new Date(at.getTime() - 86_400_000) });
    const investor = await createInvestor(ctx.db, market, amount);
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount, idempotencyKey: `disclose-${loan.id}`, now: new Date(at.getTime() - 3_600_000) });
    await disburseForTest(ctx.db, market.operatorId, loan.id, at);
    const half = (Number(amount) / 2).toFixed(2);
    await ctx.db.insert(loanInstallments).values([1, 2].map((n) => ({
      operatorId: market.operatorId, loanId: loan.id, n, dueDate: n === 1 ? "2026-11-30" : "2026-12-31", principal: half, interest: "10.00", payment: (Number(half) + 10).toFixed(2),
      principalPaid: paidFirst && n === 1 ? half : "0", interestPaid: paidFirst && n === 1 ? "10.00" : "0", status: paidFirst && n === 1 ? ("paid" as const) : ("scheduled" as const), paidAt: paidFirst && n === 1 ? bj("2026-11-20T10:00:00") : null,
    })));
    return loan.id;
  }

  beforeAll(async () => {
    market = await createMarket(ctx.db);
    staffBorrower = await createUser(ctx.db, market.operatorId);
    await ctx.db.insert(userRoles).values({ userId: staffBorrower, role: "store_clerk" });
    await paidOutLoan(market.borrowerId, "3000.00", bj("2026-11-05T10:00:00"));
    await paidOutLoan(staffBorrower, "2000.00", bj("2026-11-10T10:00:00"), true);
    const closed = await paidOutLoan(staffBorrower, "1000.00", bj("2026-10-10T10:00:00"));
    await ctx.db.update(loans).set({ status: "closed", closedAt: bj("2026-10-30T10:00:00") }).where(eq(loans.id, closed));
    await ctx.db.update(operators).set({ platformInfo: { companyName: "测试普惠金融信息服务有限公司", custodyBank: "测试托管银行" } }).where(eq(operators.id, market.operatorId));
  });

  it("shows the last full month's figures as finance computes them, the platform information and related-party lending", async () => {
    const d = await getPublicDisclosure(ctx.db, { operatorId: market.operatorId, now });
    expect(d).toMatchObject({ month: "2026-11", asOfDate: "2026-11-30", platform: { companyName: "测试普惠金融信息服务有限公司", custodyBank: "测试托管银行" } });
    const row = (key: string) => d.rows.find((r) => r.key === key)?.value;
    expect(row("cumulativeDisbursedCount")).toBe("3");
    expect(row("monthDisbursedCny")).toBe("5000.00");
    // Related parties: the store clerk's two loans paid out; one closed in October, the other owes its second half.
    expect(d.relatedParty).toEqual({ cumulativeCount: 2, cumulativeCny: "3000.00", outstandingCount: 1, outstandingCny: "1000.00" });
    expect(d.compensatory).toEqual({ count: 0, amountCny: "0.00" });
  });

  it("reads an earlier month; refuses the running month and what is not a month", async () => {
    const october = await getPublicDisclosure(ctx.db, { operatorId: market.operatorId, month: "2026-10", now });
    expect(october.relatedParty).toEqual({ cumulativeCount: 1, cumulativeCny: "1000.00", outstandingCount: 0, outstandingCny: "0.00" });
    expect(october.rows.find((r) => r.key === "cumulativeDisbursedCount")?.value).toBe("1");
    await expect(getPublicDisclosure(ctx.db, { operatorId: market.operatorId, month: "2026-12", now })).rejects.toMatchObject({ code: "disclosure.invalid_month", field: "month" });
    await expect(getPublicDisclosure(ctx.db, { operatorId: market.operatorId, month: "2026-13", now })).rejects.toMatchObject({ code: "disclosure.invalid_month" });
  });
});
