import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { chart, openAccount, postEntry, type OpenAccountInput } from "../ledger";
import { Cny } from "../ledger/money";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { pdfText } from "../shared/testing/pdf-text";
import { annualStatementCsv, annualStatementPdf, type AnnualStatementLabels } from "./annual-statement-files";
import { getAnnualStatement, type AnnualStatement } from "./get-annual-statement";
import { invest } from "./invest";
import { createInvestor, createMarket, disburseForTest, listLoan, repayForTest } from "./test-fixtures";

/** opening + in − out = closing, with in and out the sums of their figures. */
function expectReconciles(s: AnnualStatement) {
  const totalIn = [s.topUps, s.principalReceived, s.interestReceived, s.claimsSold, s.otherIn].reduce((a, v) => a.plus(v), new Cny(0));
  const totalOut = [s.withdrawals, s.invested, s.topUpRefunds, s.claimsBought, s.fees, s.otherOut].reduce((a, v) => a.plus(v), new Cny(0));
  expect(totalIn.toFixed(2)).toBe(s.totalIn);
  expect(totalOut.toFixed(2)).toBe(s.totalOut);
  expect(new Cny(s.opening).plus(totalIn).minus(totalOut).toFixed(2)).toBe(s.closing);
}

const LABELS: AnnualStatementLabels = {
  title: "2027 年度对账单",
  heading: ["项目", "金额"],
  rows: { opening: "年初余额", topUps: "充值", principalReceived: "收回本金", interestReceived: "收到利息", claimsSold: "转让债权所得", otherIn: "其他转入", withdrawals: "提现", invested: "出借", topUpRefunds: "充值退款", claimsBought: "购买转让债权", fees: "费用", otherOut: "其他转出", closing: "年末余额", outstandingAtYearEnd: "年末待收本金" },
  note: "利息已扣除平台服务费。",
  money: (amount) => `¥${amount}`,
};

describeEachDatabase("the investor's annual statement", (ctx) => {
  it("sorts a year's wallet into figures that reconcile, year after year, with principal outstanding at year end", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const alice = await createInvestor(ctx.db, market, "5000.00");
    const bob = await createInvestor(ctx.db, market, "5000.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "400", idempotencyKey: randomUUID() });
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: bob, loanId: loan.id, amount: "600", idempotencyKey: randomUUID() });
    await disburseForTest(ctx.db, market.operatorId, loan.id, new Date("2026-12-20T02:00:00Z"));
    await repayForTest(ctx.db, { operatorId: market.operatorId, loanId: loan.id, investorId: alice, principal: "66.67", interestNet: "3.60", fee: "0.40", at: new Date("2027-01-20T02:00:00Z") });
    await repayForTest(ctx.db, { operatorId: market.operatorId, loanId: loan.id, investorId: alice, principal: "66.67", interestNet: "3.00", fee: "0.33", at: new Date("2027-02-20T02:00:00Z") });
    const available = await openAccount(ctx.db, { operatorId: market.operatorId, ...chart.walletAvailable(alice) });
    const held = await openAccount(ctx.db, { operatorId: market.operatorId, ...chart.walletHeld(alice) });
    await postEntry(ctx.db, {
      operatorId: market.operatorId,
      idempotencyKey: `test-withdrawal:${randomUUID()}`,
      kind: "withdrawal",
      cause: { type: "withdrawal", id: randomUUID() },
      postedBy: { system: "test" },
      postings: [
        { accountId: available.id, amountCny: "300.00" },
        { accountId: held.id, amountCny: "-300.00" },
      ],
      now: new Date("2027-03-01T02:00:00Z"),
    });
    // Alice sells ¥100.00 of her claim to Bob at ¥98.00; the platform keeps a ¥0.49 fee (services/transfers' entry shape).
    const account = (spec: Omit<OpenAccountInput, "operatorId">) => openAccount(ctx.db, { operatorId: market.operatorId, ...spec }).then((a) => a.id);
    await postEntry(ctx.db, {
      operatorId: market.operatorId,
      idempotencyKey: `test-transfer:${randomUUID()}`,
      kind: "transfer",
      cause: { type: "transfer", id: randomUUID() },
      postedBy: { system: "test" },
      postings: [
        { accountId: await account(chart.claim(alice, loan.id)), amountCny: "100.00" },
        { accountId: await account(chart.claim(bob, loan.id)), amountCny: "-100.00" },
        { accountId: await account(chart.walletAvailable(bob)), amountCny: "98.00" },
        { accountId: available.id, amountCny: "-97.51" },
        { accountId: await account(chart.revenueTransferFee()), amountCny: "-0.49" },
      ],
      now: new Date("2027-04-01T02:00:00Z"),
    });
    const now = new Date("2028-01-05T02:00:00Z");

    const y2026 = await getAnnualStatement(ctx.db, { operatorId: market.operatorId, userId: alice, year: 2026, now });
    expect(y2026).toMatchObject({ opening: "0.00", topUps: "5000.00", invested: "400.00", closing: "4600.00", outstandingAtYearEnd: "400.00", principalReceived: "0.00" });
    expectReconciles(y2026);

    const y2027 = await getAnnualStatement(ctx.db, { operatorId: market.operatorId, userId: alice, year: 2027, now });
    expect(y2027).toMatchObject({ opening: y2026.closing, topUps: "0.00", principalReceived: "133.34", interestReceived: "6.60", withdrawals: "300.00", invested: "0.00", claimsSold: "97.51", claimsBought: "0.00", fees: "0.00", closing: "4537.45", outstandingAtYearEnd: "166.66" });
    expectReconciles(y2027);
    const bob2027 = await getAnnualStatement(ctx.db, { operatorId: market.operatorId, userId: bob, year: 2027, now });
    expect(bob2027).toMatchObject({ claimsSold: "0.00", claimsBought: "98.00", outstandingAtYearEnd: "700.00" });
    expectReconciles(bob2027);

    const csv = annualStatementCsv(y2027, LABELS);
    expect(csv).toContain("\"收回本金\",133.34");
    expect(csv).toContain("\"年末余额\",4537.45");
    expect(csv).toContain("\"转让债权所得\",97.51");
    const text = await pdfText(await annualStatementPdf(y2027, LABELS));
    for (const expected of ["2027 年度对账单", "年初余额", "转让债权所得", "¥4600.00", "¥4537.45", "¥166.66"]) expect(text).toContain(expected);

    expect(await codeOf(getAnnualStatement(ctx.db, { operatorId: market.operatorId, userId: alice, year: 2029, now }))).toBe("statement.year_out_of_range");
    expect(await codeOf(getAnnualStatement(ctx.db, { operatorId: market.operatorId, userId: alice, year: 2025, now }))).toBe("statement.year_out_of_range");
  });
});
