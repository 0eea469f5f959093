import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { users } from "../../db/schema";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { createUser } from "../ledger/test-fixtures";
import { DomainError } from "../shared/errors";
import { assignClerk, ensureStore } from "../stores";
import { findInvestorAtCounter } from "./find-investor-at-counter";
import { getCashReceipt } from "./get-cash-receipt";
import { listStoreCashTopUps } from "./list-store-cash-top-ups";
import { recordCashTopUp } from "./record-cash-top-up";
import { createInvestor, createMarket } from "./test-fixtures";
import { getWallet } from "./get-wallet";

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));

describeEachDatabase("cash top-up at a store", (ctx) => {
  it("credits the wallet against the store's clearing account, once per form, one receipt number per store", async () => {
    const market = await createMarket(ctx.db);
    const store = await ensureStore(ctx.db, { operatorId: market.operatorId, code: "S001", nameZh: "测试营业厅", nameEn: "Test store", addressZh: "某路 1 号" });
    const clerk = await createUser(ctx.db, market.operatorId);
    await assignClerk(ctx.db, { userId: clerk, storeId: store.id });
    const investor = await createInvestor(ctx.db, market);
    const [person] = await ctx.db.select().from(users).where(eq(users.id, investor));

    const found = await findInvestorAtCounter(ctx.db, { operatorId: market.operatorId, phone: person!.phone });
    expect(found).toMatchObject({ userId: investor, nameMasked: "测***人" });
    expect(await codeOf(findInvestorAtCounter(ctx.db, { operatorId: market.operatorId, phone: "13800009999" }))).toBe("topup.investor_not_found");

    const key = randomUUID();
    const input = { operatorId: market.operatorId, clerkUserId: clerk, investorPhone: person!.phone, amount: "2000", receiptNo: "r-0001", idempotencyKey: key };
    const first = await recordCashTopUp(ctx.db, input);
    const again = await recordCashTopUp(ctx.db, input);
    expect([first.replayed, again.replayed, again.topUp.id]).toEqual([false, true, first.topUp.id]);
    expect(first.topUp).toMatchObject({ amount: "2000.00", receiptNo: "R-0001", storeId: store.id });
    expect((await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor })).availableCny.toFixed(2)).toBe("2000.00");
    const clearing = await getAccountByCode(ctx.db, { operatorId: market.operatorId, code: chart.clearingStore(store.id).code });
    expect((await getBalance(ctx.db, { operatorId: market.operatorId, accountId: clearing!.id })).postedCny.toFixed(2)).toBe("2000.00");

    expect(await codeOf(recordCashTopUp(ctx.db, { ...input, idempotencyKey: randomUUID() }))).toBe("topup.receipt_taken");
    // The same form (key) with other content is refused beside the field that differs, never answered with the first record.
    const fieldOf = (p: Promise<unknown>) => p.then(() => null, (e: DomainError) => `${e.code}@${e.field}`);
    expect((await recordCashTopUp(ctx.db, { ...input, amount: "2,000.00", receiptNo: " R-0001 " })).topUp.id).toBe(first.topUp.id);
    expect(await fieldOf(recordCashTopUp(ctx.db, { ...input, amount: "2000.01" }))).toBe("idempotency.conflict@amount");
    expect(await fieldOf(recordCashTopUp(ctx.db, { ...input, receiptNo: "R-0009" }))).toBe("idempotency.conflict@receiptNo");
    expect(await codeOf(recordCashTopUp(ctx.db, { ...input, idempotencyKey: randomUUID(), receiptNo: "R-2", amount: "0" }))).toBe("topup.amount_invalid");
    expect(await codeOf(recordCashTopUp(ctx.db, { ...input, idempotencyKey: randomUUID(), receiptNo: "收据" }))).toBe("topup.receipt_invalid");
    const stranger = await createUser(ctx.db, market.operatorId);
    expect(await codeOf(recordCashTopUp(ctx.db, { ...input, clerkUserId: stranger, idempotencyKey: randomUUID(), receiptNo: "R-3" }))).toBe("topup.no_store");

    const receipt = await getCashReceipt(ctx.db, { operatorId: market.operatorId, clerkUserId: clerk, topUpId: first.topUp.id });
    expect(receipt).toMatchObject({ store: { code: "S001" }, investor: { nameMasked: "测***人" } });
    // A clerk added by phone in the admin console has no name yet: the receipt names them by masked phone.
    const [clerkRow] = await ctx.db.update(users).set({ name: null }).where(eq(users.id, clerk)).returning({ phone: users.phone });
    const unnamed = await getCashReceipt(ctx.db, { operatorId: market.operatorId, clerkUserId: clerk, topUpId: first.topUp.id });
    expect(unnamed.clerkName).toBe(`${clerkRow!.phone.slice(0, 3)}****${clerkRow!.phone.slice(7)}`);
    expect(await codeOf(getCashReceipt(ctx.db, { operatorId: market.operatorId, clerkUserId: stranger, topUpId: first.topUp.id }))).toBe("topup.no_store");
    expect((await listStoreCashTopUps(ctx.db, { operatorId: market.operatorId, clerkUserId: clerk })).map((t) => t.id)).toEqual([first.topUp.id]);
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });
});
