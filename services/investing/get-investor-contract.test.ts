import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { Cny } from "../ledger/money";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { pdfText } from "../shared/testing/pdf-text";
import { cancelInvestment } from "./cancel-investment";
import { getInvestorContract, investorContractPdf } from "./get-investor-contract";
import { invest } from "./invest";
import { createInvestor, createMarket, disburseForTest, listLoan } from "./test-fixtures";

describeEachDatabase("the investor's own loan contract", (ctx) => {
  it("names the lender and borrower masked, the amount they lent and their share of the schedule; only their own", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const alice = await createInvestor(ctx.db, market, "5000.00");
    const bob = await createInvestor(ctx.db, market, "5000.00");
    const carol = await createInvestor(ctx.db, market, "5000.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "400", idempotencyKey: randomUUID() });
    const cancelled = await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "100", idempotencyKey: randomUUID() });
    await cancelInvestment(ctx.db, { operatorId: market.operatorId, investorUserId: alice, investmentId: cancelled.investment.id });
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: bob, loanId: loan.id, amount: "600", idempotencyKey: randomUUID() });
    await disburseForTest(ctx.db, market.operatorId, loan.id, new Date("2026-12-04T02:00:00Z"));

    const contract = await getInvestorContract(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, now: new Date("2026-12-05T02:00:00Z") });
    expect(contract.content).toContain("出借人（乙方）：测***人");
    expect(contract.content).not.toContain("测试出借人");
    expect(contract.content).toContain("乙方出借 人民币 400.00 元");
    expect(contract.content).toContain("起息日为放款日 2026年12月4日");
    expect(contract.content).toContain("2027年1月4日");
    const scheduleRows = contract.content.split("\n").filter((line) => line.startsWith("第 ") && line.includes(" | "));
    expect(scheduleRows).toHaveLength(loan.termMonths);
    const principalSum = scheduleRows.reduce((sum, line) => sum.plus(line.split(" | ")[2]!), new Cny(0));
    expect(principalSum.toFixed(2)).toBe("400.00");
    const text = await pdfText(await investorContractPdf(contract));
    for (const expected of ["借款协议（出借人版）", "测***人", contract.contractNo, loan.titleZh]) expect(text).toContain(expected);

    expect(await codeOf(getInvestorContract(ctx.db, { operatorId: market.operatorId, investorUserId: carol, loanId: loan.id }))).toBe("investment.not_found");
  });
});
