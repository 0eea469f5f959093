import { createTestSms } from "../sms/testing/test-sms";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { ledgerHolds, withdrawals } from "../../db/schema";
import { checkLedger } from "../ledger";
import { createUser } from "../ledger/test-fixtures";
import { DomainError } from "../shared/errors";
import { createInvestor, createMarket } from "./test-fixtures";
import { getWallet } from "./get-wallet";
import { withdrawalAllowanceToday } from "./get-withdrawal-allowance";
import { listMyWithdrawals } from "./list-my-withdrawals";
import { listWithdrawals } from "./list-withdrawals";
import { rejectWithdrawal } from "./reject-withdrawal";
import { requestWithdrawal } from "./request-withdrawal";

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));

const smsFor = createTestSms().senderFor;

describeEachDatabase("withdrawals", (ctx) => {
  it("holds the amount under an idempotency key; finance's queue lists it (payouts are services/payouts)", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "1000.00");
    const key = randomUUID();
    const { withdrawal } = await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount: "300", idempotencyKey: key, dailyLimitCny: "50000" });
    expect((await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount: "300", idempotencyKey: key, dailyLimitCny: "50000" })).replayed).toBe(true);
    expect((await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount: "300.00", idempotencyKey: key, dailyLimitCny: "50000" })).withdrawal.id).toBe(withdrawal.id);
    expect(
      await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount: "301", idempotencyKey: key, dailyLimitCny: "50000" }).then(
        () => null,
        (e: DomainError) => `${e.code}@${e.field}`,
      ),
    ).toBe("idempotency.conflict@amount");
    const wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor });
    expect([wallet.availableCny.toFixed(2), wallet.reservedCny.toFixed(2)]).toEqual(["700.00", "300.00"]);
    expect((await listWithdrawals(ctx.db, { operatorId: market.operatorId, status: "requested" })).map((w) => [w.id, w.payout])).toEqual([[withdrawal.id, null]]);
    expect((await listMyWithdrawals(ctx.db, { operatorId: market.operatorId, userId: investor }))[0]).toMatchObject({ status: "requested", payout: null });
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });

  it("a rejection needs a reason and voids the hold; nobody decides their own", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market, "1000.00");
    const finance = await createUser(ctx.db, market.operatorId);
    const { withdrawal } = await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount: "400", idempotencyKey: randomUUID(), dailyLimitCny: "50000" });
    expect(await codeOf(rejectWithdrawal(ctx.db, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: investor, reason: "自己拒绝", smsFor }))).toBe("withdrawal.own_request");
    expect(await codeOf(rejectWithdrawal(ctx.db, { operatorId: market.operatorId, withdrawalId: withdrawal.id, decidedByUserId: finance, reason: " ", smsFor }))).toBe("withdrawal.reason_required");
    expect((await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, withdrawal.id)))[0]!.status).toBe("requested");
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
