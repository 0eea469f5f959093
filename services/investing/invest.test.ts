import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { investments, ledgerHolds, loans, users } from "../../db/schema";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";
import { checkLedger } from "../ledger";
import { DomainError } from "../shared/errors";
import { closeUnfundedLoans } from "./close-unfunded-loans";
import { getLoanDisclosure } from "./get-loan-disclosure";
import { invest } from "./invest";
import { previewInvestment } from "./preview-investment";
import { listInvestableLoans } from "./list-investable-loans";
import { getWallet } from "./get-wallet";
import { CONSERVATIVE_ANSWERS, createInvestor, createMarket, listLoan } from "./test-fixtures";

const key = () => randomUUID();
const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));

describeEachDatabase("investing in a loan", (ctx) => {
  it("places a hold, raises the funded amount, and marks the loan funded when full", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const alice = await createInvestor(ctx.db, market, "5000.00");
    const bob = await createInvestor(ctx.db, market, "5000.00");

    const preview = await previewInvestment(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "600" });
    expect(preview.amount).toBe("600.00");
    // 12% a year, 6 months equal principal, 10% fee on interest: the share of a 1,000 loan.
    expect(preview.returns.totals.principal).toBe("600.00");
    expect(preview.returns.installments).toHaveLength(6);

    const first = await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "600", idempotencyKey: key() });
    expect(first.loan).toMatchObject({ fundedAmount: "600.00", status: "funding" });
    const [hold] = await ctx.db.select().from(ledgerHolds).where(eq(ledgerHolds.id, first.investment.holdId));
    expect(hold).toMatchObject({ status: "pending", amount: "600.00", idempotencyKey: `invest:${first.investment.id}`, causeType: "investment" });
    const wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: alice });
    expect([wallet.availableCny.toFixed(2), wallet.reservedCny.toFixed(2)]).toEqual(["4400.00", "600.00"]);

    // 400 left: below the minimum is refused unless it is all that is left.
    const last = await invest(ctx.db, { operatorId: market.operatorId, investorUserId: bob, loanId: loan.id, amount: "400.00", idempotencyKey: key() });
    expect(last.loan).toMatchObject({ fundedAmount: "1000.00", status: "funded" });
    expect(last.loan.fundedAt).not.toBeNull();
    expect(await codeOf(invest(ctx.db, { operatorId: market.operatorId, investorUserId: bob, loanId: loan.id, amount: "100", idempotencyKey: key() }))).toBe("invest.loan_not_open");
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });

  it("holds amounts to the loan's steps, minimum, what is left and the wallet", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const investor = await createInvestor(ctx.db, market, "300.00");
    const attempt = (amount: string) => codeOf(invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount, idempotencyKey: key() }));
    expect(await attempt("50")).toBe("invest.amount_below_minimum");
    expect(await attempt("120")).toBe("invest.amount_step");
    expect(await attempt("1050")).toBe("invest.amount_above_left");
    expect(await attempt("abc")).toBe("invest.amount_invalid");
    expect(await attempt("100.001")).toBe("invest.amount_invalid");
    expect(await attempt("350")).toBe("invest.insufficient_balance");
    expect(await attempt("300")).toBeNull();
    const [row] = await ctx.db.select().from(loans).where(eq(loans.id, loan.id));
    expect(row!.fundedAmount).toBe("300.00");
  });

  it("refuses investors without real name or assessment, above their risk grade, and the borrower", async () => {
    const market = await createMarket(ctx.db, { riskLevel: "medium" });
    const loan = await listLoan(ctx.db, market, "1000.00");
    const careful = await createInvestor(ctx.db, market, "1000.00", CONSERVATIVE_ANSWERS);
    const [stranger] = await ctx.db.insert(users).values({ operatorId: market.operatorId, phone: "13912345678" }).returning();
    const attempt = (userId: string) => codeOf(invest(ctx.db, { operatorId: market.operatorId, investorUserId: userId, loanId: loan.id, amount: "100", idempotencyKey: key() }));
    expect(await attempt(careful)).toBe("risk.grade_too_low");
    expect(await attempt(stranger!.id)).toBe("investor.not_registered");
    expect(await attempt(market.borrowerId)).toBe("investor.not_registered");
    expect(await codeOf(invest(ctx.db, { operatorId: market.operatorId, investorUserId: careful, loanId: randomUUID(), amount: "100", idempotencyKey: key() }))).toBe("loan.not_found");
  });

  it("a repeated submit with the same key invests once", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const investor = await createInvestor(ctx.db, market, "1000.00");
    const k = key();
    const input = { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "200", idempotencyKey: k };
    const results = await Promise.all([invest(ctx.db, input), invest(ctx.db, input), invest(ctx.db, input)]);
    expect(new Set(results.map((r) => r.investment.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await ctx.db.select().from(investments).where(eq(investments.loanId, loan.id))).toHaveLength(1);
    expect((await ctx.db.select().from(loans).where(eq(loans.id, loan.id)))[0]!.fundedAmount).toBe("200.00");
    expect(await codeOf(invest(ctx.db, { ...input, amount: "300" }))).toBe("idempotency.conflict");
  });

  it("lists, filters, sorts and pages the loans open for funding, and discloses one", async () => {
    const market = await createMarket(ctx.db);
    const now = new Date();
    const big = await listLoan(ctx.db, market, "50000.00");
    const small = await listLoan(ctx.db, market, "2000.00");
    const closing = await listLoan(ctx.db, market, "3000.00", { fundingWindowDays: 1, now: new Date(now.getTime() - 2 * 86400_000) });
    const investor = await createInvestor(ctx.db, market, "2000.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: small.id, amount: "1500", idempotencyKey: key() });

    const all = await listInvestableLoans(ctx.db, { operatorId: market.operatorId });
    expect(all.items.map((i) => i.id)).not.toContain(closing.id); // window closed
    expect(all.total).toBe(2);
    const bySmallLeft = await listInvestableLoans(ctx.db, { operatorId: market.operatorId, sort: "left_asc" });
    expect(bySmallLeft.items[0]).toMatchObject({ id: small.id, left: "500.00", progressPercent: 75 });
    expect((await listInvestableLoans(ctx.db, { operatorId: market.operatorId, filters: { minLeft: "1000" } })).items.map((i) => i.id)).toEqual([big.id]);
    expect((await listInvestableLoans(ctx.db, { operatorId: market.operatorId, filters: { risk: "high" } })).total).toBe(0);
    expect((await listInvestableLoans(ctx.db, { operatorId: market.operatorId, filters: { term: "le6", method: "equal-principal", minRate: "0.12" } })).total).toBe(2);
    expect((await listInvestableLoans(ctx.db, { operatorId: market.operatorId, filters: { minRate: "0.13" } })).total).toBe(0);
    const paged = await listInvestableLoans(ctx.db, { operatorId: market.operatorId, pageSize: 1, page: 2 });
    expect([paged.page, paged.pageCount, paged.items.length]).toEqual([2, 2, 1]);
    expect((await listInvestableLoans(ctx.db, { operatorId: market.operatorId, pageSize: 1, page: 99 })).page).toBe(2);

    const disclosure = await getLoanDisclosure(ctx.db, { operatorId: market.operatorId, loanId: big.id });
    expect(disclosure.borrower.phoneMasked).toMatch(/^139\*\*\*\*\d{4}$/);
    expect(disclosure.otherLoans).toEqual({ count: 2, totalAmount: "5000.00" });
    expect(disclosure.schedule.totals.principal).toBe("50000.00");
    expect(disclosure.creditSummary).toBeNull();
  });

  it("closes loans whose window passed unfilled: holds voided, investments voided, loan failed, investors told once", async () => {
    const market = await createMarket(ctx.db);
    const listedAt = new Date(Date.now() - 3 * 86400_000);
    const loan = await listLoan(ctx.db, market, "5000.00", { fundingWindowDays: 2, now: listedAt });
    const open = await listLoan(ctx.db, market, "5000.00");
    const investor = await createInvestor(ctx.db, market, "1000.00");
    // Invested while the window was open.
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "300", idempotencyKey: key(), now: new Date(listedAt.getTime() + 86400_000) });
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "200", idempotencyKey: key(), now: new Date(listedAt.getTime() + 86400_000) });
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: open.id, amount: "100", idempotencyKey: key() });
    expect((await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor })).availableCny.toFixed(2)).toBe("400.00");
    expect(await codeOf(invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "100", idempotencyKey: key() }))).toBe("invest.loan_not_open");

    const result = await closeUnfundedLoans(ctx.db, { operatorId: market.operatorId, smsFor: createTestSms().senderFor });
    expect(result).toEqual({ closed: [loan.id], voidedInvestments: 2 });
    expect((await ctx.db.select().from(loans).where(eq(loans.id, loan.id)))[0]!.status).toBe("failed");
    expect((await ctx.db.select().from(loans).where(eq(loans.id, open.id)))[0]!.status).toBe("funding");
    const rows = await ctx.db.select().from(investments).where(eq(investments.loanId, loan.id));
    expect(rows.map((r) => r.status)).toEqual(["voided", "voided"]);
    for (const row of rows) expect((await ctx.db.select().from(ledgerHolds).where(eq(ledgerHolds.id, row.holdId)))[0]!.status).toBe("voided");
    expect((await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor })).availableCny.toFixed(2)).toBe("900.00");
    const [person] = await ctx.db.select().from(users).where(eq(users.id, investor));
    const messages = await smsBodiesTo(ctx.db, market.operatorId, person!.phone);
    expect(messages).toHaveLength(1);
    expect(messages[0]!).toContain("¥500.00");

    expect(await closeUnfundedLoans(ctx.db, { operatorId: market.operatorId, smsFor: createTestSms().senderFor })).toEqual({ closed: [], voidedInvestments: 0 });
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });
});
