import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { investments, loanApplications, loanDisbursements, loanInstallments, loans, payouts, users } from "../../db/schema";
import { closeUnfundedLoans } from "../investing/close-unfunded-loans";
import { invest } from "../investing/invest";
import { createInvestor, createMarket, listLoan, TEST_SECRET } from "../investing/test-fixtures";
import { checkLedger } from "../ledger";
import { createUser } from "../ledger/test-fixtures";
import { encryptField } from "../shared/crypto/field-encryption";
import { DomainError } from "../shared/errors";
import { approveDisbursement } from "./approve-disbursement";
import { fetchPayoutResults } from "./fetch-payout-results";
import { SandboxPayoutBank } from "./sandbox-payout-bank";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";

const smsFor = createTestSms().senderFor;

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));

describeEachDatabase("payouts: disbursements by bank", (ctx) => {
  it("instructing moves the loan to disbursing (not closable); a refusal puts it back to funded with the bank's reason and an SMS; a new attempt pays and books the schedule from the paid day", async () => {
    const market = await createMarket(ctx.db);
    const listedAt = new Date("2026-12-01T02:00:00Z");
    const loan = await listLoan(ctx.db, market, "3000.00", { fundingWindowDays: 1, now: listedAt });
    const investor = await createInvestor(ctx.db, market, "3000.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "3000.00", idempotencyKey: "disb-test-1", now: listedAt });
    await ctx.db.update(users).set({ phone: "18600009901" }).where(eq(users.id, market.borrowerId));
    await ctx.db.insert(loanApplications).values({
      operatorId: market.operatorId,
      borrowerUserId: market.borrowerId,
      createdByUserId: market.borrowerId,
      channel: "self",
      status: "approved",
      phone: "18600009901",
      fullName: "测试借款人",
      disbursementChannel: "passbook",
      passbookBank: "淮阳农商银行",
      passbookAccountEnc: encryptField(TEST_SECRET, "bank_account", "6230521234560000"),
      passbookAccountMasked: "6230 **** **** 0000",
      loanId: loan.id,
    });
    const finance = { userId: await createUser(ctx.db, market.operatorId), roles: ["finance"] as const };
    const day1 = new Date("2026-12-03T03:00:00Z");
    const bank1 = new SandboxPayoutBank(ctx.db, { clock: () => day1 });
    const approve = (now: Date, bank = bank1) => approveDisbursement(ctx.db, bank, { operatorId: market.operatorId, loanId: loan.id, actor: { ...finance, roles: [...finance.roles] }, secretKey: TEST_SECRET, now });

    expect(await codeOf(approveDisbursement(ctx.db, bank1, { operatorId: market.operatorId, loanId: loan.id, actor: { userId: market.borrowerId, roles: ["finance"] }, secretKey: TEST_SECRET }))).toBe("payout.own_request");
    const first = await approve(day1);
    expect(first).toMatchObject({ attempt: 1, instruction: { delivered: true } });
    const loanStatus = async () => (await ctx.db.select().from(loans).where(eq(loans.id, loan.id)))[0]!.status;
    expect(await loanStatus()).toBe("disbursing");
    expect(await codeOf(approve(day1))).toBe("payout.not_funded");
    // Past its funding deadline, a loan with the bank is not closed as unfunded.
    expect((await closeUnfundedLoans(ctx.db, { operatorId: market.operatorId, now: new Date("2026-12-10T00:00:00Z"), smsFor })).closed).toEqual([]);

    expect(await fetchPayoutResults(ctx.db, bank1, { operatorId: market.operatorId, now: day1, smsFor })).toMatchObject({ failed: 1, paid: 0 });
    expect(await loanStatus()).toBe("funded");
    expect((await ctx.db.select().from(payouts).where(eq(payouts.id, first.payoutId)))[0]).toMatchObject({ status: "failed", bankStatus: "ACCOUNT_CLOSED", attempt: 1 });
    expect((await ctx.db.select().from(investments).where(eq(investments.loanId, loan.id)))[0]!.status).toBe("pending");
    expect((await smsBodiesTo(ctx.db, market.operatorId, "18600009901")).join("\n")).toContain("放款失败（收款账户已销户）");

    // The account is corrected; finance instructs again: a new attempt with a new instruction id, paid the next day.
    await ctx.db.update(loanApplications).set({ passbookAccountEnc: encryptField(TEST_SECRET, "bank_account", "6230521234564417") }).where(eq(loanApplications.loanId, loan.id));
    const day2 = new Date("2027-01-31T02:00:00Z");
    const bank2 = new SandboxPayoutBank(ctx.db, { clock: () => day2 });
    const second = await approve(day2, bank2);
    expect(second.attempt).toBe(2);
    expect(second.payoutId).not.toBe(first.payoutId);
    expect(await fetchPayoutResults(ctx.db, bank2, { operatorId: market.operatorId, now: day2, smsFor })).toMatchObject({ paid: 1 });
    expect(await loanStatus()).toBe("disbursed");
    const installments = await ctx.db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loan.id)).orderBy(loanInstallments.n);
    expect(installments.map((i) => i.dueDate).slice(0, 2)).toEqual(["2027-02-28", "2027-03-31"]);
    const [disbursement] = await ctx.db.select().from(loanDisbursements).where(eq(loanDisbursements.loanId, loan.id));
    expect(disbursement).toMatchObject({ channel: "passbook", amount: "3000.00", disbursedByUserId: finance.userId });
    expect((await smsBodiesTo(ctx.db, market.operatorId, "18600009901")).join("\n")).toContain("已放款");
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).violations).toEqual([]);
  });
});
