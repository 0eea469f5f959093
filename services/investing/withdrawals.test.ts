import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { createTestSms } from "../sms/testing/test-sms";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { ledgerEntries, ledgerHolds, withdrawals } from "../../db/schema";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { createUser } from "../ledger/test-fixtures";
import { DomainError } from "../shared/errors";
import { createSandboxPayoutAdapter, type PayoutAdapter } from "./payout";
import { createInvestor, createMarket, TEST_SECRET } from "./test-fixtures";
import { getWallet } from "./get-wallet";
import { approveWithdrawal } from "./approve-withdrawal";
import { withdrawalAllowanceToday } from "./get-withdrawal-allowance";
import { listMyWithdrawals } from "./list-my-withdrawals";
import { listWithdrawals } from "./list-withdrawals";
import { rejectWithdrawal } from "./reject-withdrawal";
import { requestWithdrawal } from "./request-withdrawal";

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));

const smsFor = createTestSms().senderFor;

describeEachDatabase("withdrawals", (ctx) => {
  it("holds the amount, pays it to the registered card on approval and writes the bank file", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "1000.00");
    const finance = await createUser(ctx.db, market.operatorId);
    const dir = mkdtempSync(path.join(tmpdir(), "payouts-"));
    const payout = createSandboxPayoutAdapter(dir);
    const key = randomUUID();
    const { withdrawal } = await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount: "300", idempotencyKey: key, dailyLimitCny: "50000" });
    expect((await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount: "300", idempotencyKey: key, dailyLimitCny: "50000" })).replayed).toBe(true);
    const wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor });
    expect([wallet.availableCny.toFixed(2), wallet.reservedCny.toFixed(2)]).toEqual(["700.00", "300.00"]);
    expect((await listWithdrawals(ctx.db, { operatorId: market.operatorId, status: "requested" })).map((w) => w.id)).toEqual([withdrawal.id]);

    expect(await codeOf(approveWithdrawal(ctx.db, payout, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: investor, secretKey: TEST_SECRET, smsFor }))).toBe("withdrawal.own_request");
    const paid = await approveWithdrawal(ctx.db, payout, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: finance, secretKey: TEST_SECRET, smsFor });
    expect(paid).toMatchObject({ status: "paid", payoutAdapter: "sandbox-bank-file", decidedByUserId: finance });
    expect(await codeOf(approveWithdrawal(ctx.db, payout, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: finance, secretKey: TEST_SECRET, smsFor }))).toBe("withdrawal.already_decided");

    const after = await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor });
    expect([after.availableCny.toFixed(2), after.reservedCny.toFixed(2), after.heldCny.toFixed(2)]).toEqual(["700.00", "0.00", "0.00"]);
    const custody = await getAccountByCode(ctx.db, { operatorId: market.operatorId, code: chart.custodyBank().code });
    expect((await getBalance(ctx.db, { operatorId: market.operatorId, accountId: custody!.id })).postedCny.toFixed(2)).toBe("-300.00");
    const [entry] = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, paid.payoutEntryId!));
    expect(entry).toMatchObject({ kind: "withdrawal_payout", causeType: "withdrawal", causeId: withdrawal.id, idempotencyKey: `withdrawal:${withdrawal.id}:payout` });

    const [day] = readdirSync(dir);
    const file = readFileSync(path.join(dir, day!, `${withdrawal.id}.csv`), "utf8");
    expect(file).toContain(`${paid.payoutReference},${withdrawal.id},ICBC,6222`);
    expect(file).toContain(",300.00,CNY,");
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });

  it("a rejection needs a reason and voids the hold; a failed payout leaves the request open", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "1000.00");
    const finance = await createUser(ctx.db, market.operatorId);
    const { withdrawal } = await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount: "400", idempotencyKey: randomUUID(), dailyLimitCny: "50000" });
    const broken: PayoutAdapter = { name: "broken", pay: async () => Promise.reject(new Error("bank offline")) };
    expect(await codeOf(approveWithdrawal(ctx.db, broken, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: finance, secretKey: TEST_SECRET, smsFor }))).toBe("withdrawal.payout_failed");
    expect((await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, withdrawal.id)))[0]!.status).toBe("requested");
    expect(await codeOf(rejectWithdrawal(ctx.db, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: finance, reason: " ", smsFor }))).toBe("withdrawal.reason_required");
    const rejected = await rejectWithdrawal(ctx.db, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: finance, reason: "银行卡信息需核实", smsFor });
    expect(rejected).toMatchObject({ status: "rejected", rejectReason: "银行卡信息需核实" });
    expect((await ctx.db.select().from(ledgerHolds).where(eq(ledgerHolds.id, withdrawal.holdId)))[0]!.status).toBe("voided");
    expect((await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor })).availableCny.toFixed(2)).toBe("1000.00");
    expect((await listMyWithdrawals(ctx.db, { operatorId: market.operatorId, userId: investor }))[0]!.status).toBe("rejected");
  });

  it("keeps to the balance and the daily limit (rejected requests do not count)", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "10000.00");
    const finance = await createUser(ctx.db, market.operatorId);
    const ask = (amount: string) => requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount, idempotencyKey: randomUUID(), dailyLimitCny: "5000.00" });
    expect(await codeOf(ask("5000.01"))).toBe("withdrawal.amount_invalid");
    const { withdrawal } = await ask("3000");
    expect(await codeOf(ask("2500"))).toBe("withdrawal.daily_limit");
    expect(await withdrawalAllowanceToday(ctx.db, { userId: investor, dailyLimitCny: "5000.00" })).toBe("2000.00");
    await rejectWithdrawal(ctx.db, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: finance, reason: "测试", smsFor });
    expect(await codeOf(ask("5000"))).toBeNull();
    const poor = await createInvestor(ctx.db, market, "100.00");
    expect(await codeOf(requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: poor, amount: "100.01", idempotencyKey: randomUUID(), dailyLimitCny: "5000" }))).toBe("withdrawal.insufficient_balance");
    const unregistered = await createUser(ctx.db, market.operatorId);
    expect(await codeOf(requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: unregistered, amount: "1", idempotencyKey: randomUUID(), dailyLimitCny: "5000" }))).toBe("investor.not_registered");
  });
});
