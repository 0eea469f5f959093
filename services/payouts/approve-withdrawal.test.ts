import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { auditLog, ledgerEntries, ledgerHolds, payouts, withdrawals } from "../../db/schema";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { createUser } from "../ledger/test-fixtures";
import { getWallet } from "../investing/get-wallet";
import { listMyWithdrawals } from "../investing/list-my-withdrawals";
import { rejectWithdrawal } from "../investing/reject-withdrawal";
import { requestWithdrawal } from "../investing/request-withdrawal";
import { createInvestor, createMarket, TEST_SECRET, testCardNumberEnding, type Market } from "../investing/test-fixtures";
import { DomainError } from "../shared/errors";
import { approveWithdrawal } from "./approve-withdrawal";
import { fetchPayoutResults } from "./fetch-payout-results";
import { readPayoutInstruction } from "./payout-files";
import { SandboxPayoutBank } from "./sandbox-payout-bank";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";

const smsFor = createTestSms().senderFor;

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));

describeEachDatabase("payouts: withdrawals", (ctx) => {
  async function withdrawal(market: Market, investor: string, amount: string) {
    return (await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount, idempotencyKey: randomUUID(), dailyLimitCny: "50000" })).withdrawal;
  }
  const bank = () => new SandboxPayoutBank(ctx.db);
  const approve = (market: Market, withdrawalId: string, approverUserId: string) =>
    approveWithdrawal(ctx.db, bank(), { operatorId: market.operatorId, withdrawalId, approverUserId, secretKey: TEST_SECRET });
  const statusOf = async (id: string) => (await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, id)))[0]!.status;
  const custody = async (market: Market) => {
    const account = await getAccountByCode(ctx.db, { operatorId: market.operatorId, code: chart.custodyBank().code });
    return account ? (await getBalance(ctx.db, { operatorId: market.operatorId, accountId: account.id })).postedCny.toFixed(2) : "0.00";
  };

  it("one approval up to the threshold sends the instruction and books nothing; the bank's result pays: hold posted, payout entry, SMS", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "1000.00");
    const finance = await createUser(ctx.db, market.operatorId);
    const w = await withdrawal(market, investor, "300");
    expect(await codeOf(approve(market, w.id, investor))).toBe("withdrawal.own_request");

    const approval = await approve(market, w.id, finance);
    expect(approval).toMatchObject({ awaitingSecondApproval: false, instruction: { delivered: true } });
    expect(approval.payout).toMatchObject({ status: "instructed", approvalsRequired: 1, firstApprovedBy: finance, kind: "withdrawal" });
    const [line] = readPayoutInstruction(approval.payout.instructionCsv!);
    expect(line).toMatchObject({ reference: approval.payout.id, kind: "withdrawal", bank: "ICBC", accountName: "测试出借人", amount: "300.00" });
    expect(line!.accountNo).toMatch(/^6222\d{12}$/);
    expect(await statusOf(w.id)).toBe("processing");
    expect(await codeOf(approve(market, w.id, finance))).toBe("withdrawal.already_decided");
    // Nothing moved in the ledger: the hold stays, custody untouched, no 已打款.
    let wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor });
    expect([wallet.availableCny.toFixed(2), wallet.reservedCny.toFixed(2)]).toEqual(["700.00", "300.00"]);
    expect(await custody(market)).toBe("0.00");

    const pickUp = await fetchPayoutResults(ctx.db, bank(), { operatorId: market.operatorId, smsFor });
    expect(pickUp).toMatchObject({ waiting: 1, paid: 1, failed: 0, unreachable: 0 });
    expect(await statusOf(w.id)).toBe("paid");
    wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor });
    expect([wallet.availableCny.toFixed(2), wallet.reservedCny.toFixed(2), wallet.heldCny.toFixed(2)]).toEqual(["700.00", "0.00", "0.00"]);
    expect(await custody(market)).toBe("-300.00");
    const [paid] = await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, w.id));
    const [entry] = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, paid!.payoutEntryId!));
    expect(entry).toMatchObject({ kind: "withdrawal_payout", causeType: "withdrawal", causeId: w.id, idempotencyKey: `withdrawal:${w.id}:payout` });
    expect((await smsBodiesTo(ctx.db, market.operatorId)).join("\n")).toContain("已到账");
    expect((await listMyWithdrawals(ctx.db, { operatorId: market.operatorId, userId: investor }))[0]).toMatchObject({ status: "paid", payout: { status: "paid", bankStatus: "SUCCESS" } });
    const actions = (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.operatorId, market.operatorId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["payout.approved", "payout.instructed", "payout.results_imported", "payout.paid", "payout.results_fetched"]));
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });

  it("above the threshold two different finance users approve; the same user twice and the requester are refused; nothing is sent before the second", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "30000.00");
    const [maker, checker] = [await createUser(ctx.db, market.operatorId), await createUser(ctx.db, market.operatorId)];
    const w = await withdrawal(market, investor, "20000");
    const first = await approve(market, w.id, maker);
    expect(first).toMatchObject({ awaitingSecondApproval: true, instruction: null, payout: { status: "approving", approvalsRequired: 2, instructionFile: null } });
    expect(await statusOf(w.id)).toBe("requested");
    expect((await listMyWithdrawals(ctx.db, { operatorId: market.operatorId, userId: investor }))[0]!.payout).toMatchObject({ status: "approving" });
    expect(await codeOf(approve(market, w.id, maker))).toBe("payout.same_approver");
    expect(await codeOf(approve(market, w.id, investor))).toBe("withdrawal.own_request");
    expect((await fetchPayoutResults(ctx.db, bank(), { operatorId: market.operatorId, smsFor })).waiting).toBe(0);

    const second = await approve(market, w.id, checker);
    expect(second.payout).toMatchObject({ status: "instructed", firstApprovedBy: maker, secondApprovedBy: checker });
    expect(await statusOf(w.id)).toBe("processing");
    // The database refuses one user in both places, whatever the code does.
    await expect(ctx.db.update(payouts).set({ secondApprovedBy: maker }).where(eq(payouts.id, second.payout.id))).rejects.toThrow();
  });

  it("concurrent approvals: the same finance user twice at once gives one approval; two users at once give both, one instruction", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "50000.00");
    const [a, b] = [await createUser(ctx.db, market.operatorId), await createUser(ctx.db, market.operatorId)];
    const big = await withdrawal(market, investor, "15000");
    const same = await Promise.all([codeOf(approve(market, big.id, a)), codeOf(approve(market, big.id, a))]);
    expect(same.sort()).toEqual([null, "payout.same_approver"].sort());
    expect((await ctx.db.select().from(payouts).where(eq(payouts.withdrawalId, big.id)))[0]).toMatchObject({ status: "approving" });

    const other = await withdrawal(market, investor, "16000");
    const both = await Promise.all([codeOf(approve(market, other.id, a)), codeOf(approve(market, other.id, b))]);
    expect(both).toEqual([null, null]);
    const rows = await ctx.db.select().from(payouts).where(eq(payouts.withdrawalId, other.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "instructed", sendAttempts: 1 });
    expect(new Set([rows[0]!.firstApprovedBy, rows[0]!.secondApprovedBy])).toEqual(new Set([a, b]));
  });

  it("a payout the bank refuses returns the money to the wallet and tells the investor; rejecting before the second approval cancels it", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "30000.00", undefined, { bankCard: testCardNumberEnding("0000") });
    const finance = await createUser(ctx.db, market.operatorId);
    const w = await withdrawal(market, investor, "500");
    await approve(market, w.id, finance);
    expect((await fetchPayoutResults(ctx.db, bank(), { operatorId: market.operatorId, smsFor })).failed).toBe(1);
    expect(await statusOf(w.id)).toBe("failed");
    expect((await ctx.db.select().from(ledgerHolds).where(eq(ledgerHolds.id, w.holdId)))[0]!.status).toBe("voided");
    const wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor });
    expect([wallet.availableCny.toFixed(2), wallet.reservedCny.toFixed(2)]).toEqual(["30000.00", "0.00"]);
    expect((await listMyWithdrawals(ctx.db, { operatorId: market.operatorId, userId: investor }))[0]).toMatchObject({ status: "failed", payout: { status: "failed", bankStatus: "ACCOUNT_CLOSED" } });
    expect((await smsBodiesTo(ctx.db, market.operatorId))[0]!).toContain("打款失败（收款账户已销户），资金已退回可用余额");
    expect(await custody(market)).toBe("0.00");

    const big = await withdrawal(market, investor, "12000");
    await approve(market, big.id, finance);
    await rejectWithdrawal(ctx.db, { operatorId: market.operatorId, withdrawalId: big.id, decidedByUserId: finance, reason: "复核未通过", smsFor });
    expect((await ctx.db.select().from(payouts).where(eq(payouts.withdrawalId, big.id)))[0]!.status).toBe("cancelled");
    expect((await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor })).availableCny.toFixed(2)).toBe("30000.00");
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });
});
