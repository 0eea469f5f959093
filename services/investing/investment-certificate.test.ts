import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { pdfText } from "../shared/testing/pdf-text";
import { cancelInvestment } from "./cancel-investment";
import { invest } from "./invest";
import { getInvestmentCertificate, investmentCertificatePdf } from "./investment-certificate";
import { createInvestor, createMarket, listLoan } from "./test-fixtures";

describeEachDatabase("the investment certificate", (ctx) => {
  it("names the investor, masks the borrower, lists each investment; only the investor's own", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const alice = await createInvestor(ctx.db, market, "5000.00");
    const bob = await createInvestor(ctx.db, market, "5000.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "300", idempotencyKey: randomUUID() });
    const second = await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "200", idempotencyKey: randomUUID() });
    await cancelInvestment(ctx.db, { operatorId: market.operatorId, investorUserId: alice, investmentId: second.investment.id });

    const certificate = await getInvestmentCertificate(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id });
    expect(certificate).toMatchObject({ investorName: "测试出借人", totalLent: "300.00", loanTitleZh: loan.titleZh });
    expect(certificate.investorIdMasked).toMatch(/^\d{3}\*+\d{3}[\dX]$/);
    expect(certificate.lines.map((l) => l.statusZh)).toEqual(["募集中（资金已冻结）", "已解冻"]);
    const text = await pdfText(await investmentCertificatePdf(certificate));
    for (const expected of ["出借凭证", "测试出借人", certificate.investorIdMasked, certificate.borrowerNameMasked, "人民币 300.00 元", loan.titleZh]) expect(text).toContain(expected);
    expect(await codeOf(getInvestmentCertificate(ctx.db, { operatorId: market.operatorId, investorUserId: bob, loanId: loan.id }))).toBe("investment.not_found");
  });
});
