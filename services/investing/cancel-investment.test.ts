import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { ledgerHolds, loans } from "../../db/schema";
import { checkLedger } from "../ledger";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { cancelInvestment } from "./cancel-investment";
import { getWallet } from "./get-wallet";
import { invest } from "./invest";
import { createInvestor, createMarket, listLoan } from "./test-fixtures";

describeEachDatabase("cancelling a pending investment", (ctx) => {
  it("voids the hold, lowers the loan's funded amount under its lock, and replays; another investor's is not found", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const alice = await createInvestor(ctx.db, market, "5000.00");
    const bob = await createInvestor(ctx.db, market, "5000.00");
    const placed = await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "600", idempotencyKey: randomUUID() });
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: bob, loanId: loan.id, amount: "200", idempotencyKey: randomUUID() });

    const input = { operatorId: market.operatorId, investorUserId: alice, investmentId: placed.investment.id };
    expect(await codeOf(cancelInvestment(ctx.db, { ...input, investorUserId: bob }))).toBe("investment.not_found");
    expect(await codeOf(cancelInvestment(ctx.db, { ...input, investmentId: "not-a-uuid" }))).toBe("investment.not_found");
    const first = await cancelInvestment(ctx.db, input);
    expect(first).toMatchObject({ replayed: false, investment: { status: "voided" } });
    expect((await cancelInvestment(ctx.db, input)).replayed).toBe(true);

    const [hold] = await ctx.db.select().from(ledgerHolds).where(eq(ledgerHolds.id, placed.investment.holdId));
    expect(hold!.status).toBe("voided");
    const wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: alice });
    expect([wallet.availableCny.toFixed(2), wallet.reservedCny.toFixed(2)]).toEqual(["5000.00", "0.00"]);
    const [row] = await ctx.db.select().from(loans).where(eq(loans.id, loan.id));
    expect(row).toMatchObject({ fundedAmount: "200.00", status: "funding" });
    // The freed room can be taken again.
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "800", idempotencyKey: randomUUID() });
    expect((await ctx.db.select().from(loans).where(eq(loans.id, loan.id)))[0]).toMatchObject({ fundedAmount: "1000.00", status: "funded" });
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });

  it("is refused with the reason once the loan is full or being paid out", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const alice = await createInvestor(ctx.db, market, "5000.00");
    const placed = await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "1000", idempotencyKey: randomUUID() });
    const cancel = () => cancelInvestment(ctx.db, { operatorId: market.operatorId, investorUserId: alice, investmentId: placed.investment.id });
    expect(await codeOf(cancel())).toBe("invest.cancel_loan_full");
    await ctx.db.update(loans).set({ status: "disbursing" }).where(eq(loans.id, loan.id));
    expect(await codeOf(cancel())).toBe("invest.cancel_disbursing");
    const [hold] = await ctx.db.select().from(ledgerHolds).where(eq(ledgerHolds.id, placed.investment.holdId));
    expect(hold!.status).toBe("pending");
  });

  it("two cancels racing release the money once", async () => {
    const market = await createMarket(ctx.db);
    const loan = await listLoan(ctx.db, market, "1000.00");
    const alice = await createInvestor(ctx.db, market, "5000.00");
    const placed = await invest(ctx.db, { operatorId: market.operatorId, investorUserId: alice, loanId: loan.id, amount: "500", idempotencyKey: randomUUID() });
    const input = { operatorId: market.operatorId, investorUserId: alice, investmentId: placed.investment.id };
    const results = await Promise.all([cancelInvestment(ctx.db, input), cancelInvestment(ctx.db, input)]);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect((await ctx.db.select().from(loans).where(eq(loans.id, loan.id)))[0]!.fundedAmount).toBe("0.00");
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });
});
