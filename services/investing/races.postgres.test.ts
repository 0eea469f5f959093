import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { investments, ledgerHolds, loans, withdrawals } from "../../db/schema";
import { checkLedger } from "../ledger";
import { DomainError } from "../shared/errors";
import { invest } from "./invest";
import { createInvestor, createMarket, listLoan } from "./test-fixtures";
import { getWallet } from "./get-wallet";
import { requestWithdrawal } from "./request-withdrawal";
import { recordCashTopUp } from "./record-cash-top-up";
import { createUser } from "../ledger/test-fixtures";
import { assignClerk, ensureStore } from "../stores";
import { storeCashTopUps, users } from "../../db/schema";

// Real races need real connections: this file runs only when DATABASE_URL is set (vitest.config.ts
// leaves *.postgres.test.ts out otherwise; CI sets it),
// requests racing on pooled connections, ordered only by the database's locks.
if (process.env.DATABASE_URL) {
  describe("investor races [postgres]", () => {
    let database: TestDatabase | undefined;
    // The one place with a bigger pool: 50 racing calls over 20 connections (so 20 transactions
    // really contend at once), leaving room for the ledger's own race test (64) on a 100-connection server.
    beforeAll(async () => {
      database = await createTestDatabase("postgres", { maxConnections: 20 });
    }, 60_000);
    afterAll(async () => {
      await database?.destroy();
    });
    const ctx = {
      get db() {
        if (!database) throw new Error("database not open");
        return database.db;
      },
    };

      it("50 investors racing for the last ¥1,000 of a loan: funded stops exactly at the amount", async () => {
        const market = await createMarket(ctx.db);
        const loan = await listLoan(ctx.db, market, "10000.00");
        const early = await createInvestor(ctx.db, market, "9000.00");
        await invest(ctx.db, { operatorId: market.operatorId, investorUserId: early, loanId: loan.id, amount: "9000", idempotencyKey: randomUUID() });
        const racers: string[] = [];
        for (let i = 0; i < 50; i++) racers.push(await createInvestor(ctx.db, market, "1000.00"));
        // Everyone tries 100 to 1,000 (the last ¥1,000 is all some of them want).
        const amounts = racers.map((_, i) => String(((i % 10) + 1) * 100));
        const outcomes = await Promise.allSettled(
          racers.map((userId, i) => invest(ctx.db, { operatorId: market.operatorId, investorUserId: userId, loanId: loan.id, amount: amounts[i]!, idempotencyKey: randomUUID() })),
        );
        for (const o of outcomes) {
          if (o.status === "rejected") expect(["invest.amount_above_left", "invest.loan_not_open"]).toContain((o.reason as DomainError).code);
        }
        const [row] = await ctx.db.select().from(loans).where(eq(loans.id, loan.id));
        expect(row).toMatchObject({ fundedAmount: "10000.00", status: "funded" });
        const winners = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [racers[i]!] : []));
        const rows = await ctx.db.select().from(investments).where(eq(investments.loanId, loan.id));
        expect(rows.reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0)).toBe(1_000_000); // test arithmetic only, in fen
        expect(rows).toHaveLength(winners.length + 1);
        // Every loser's money is untouched: no hold was left behind (none was placed).
        for (const [i, userId] of racers.entries()) {
          const wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId });
          const won = winners.includes(userId);
          expect(wallet.reservedCny.toFixed(2)).toBe(won ? `${amounts[i]}.00` : "0.00");
          expect(wallet.availableCny.plus(wallet.reservedCny).toFixed(2)).toBe("1000.00");
          if (!won) {
            const holds = await ctx.db.select().from(ledgerHolds).where(and(eq(ledgerHolds.operatorId, market.operatorId), eq(ledgerHolds.placedByUserId, userId)));
            expect(holds.every((h) => h.status === "voided")).toBe(true);
          }
        }
        const report = await checkLedger(ctx.db, { operatorId: market.operatorId });
        expect(report.violations).toEqual([]);
        expect(report.ok).toBe(true);
      });

      it("two withdrawals at once that together exceed the balance: only one goes through", async () => {
        const market = await createMarket(ctx.db);
        for (let round = 0; round < 5; round++) {
          const investor = await createInvestor(ctx.db, market, "1000.00");
          const outcomes = await Promise.allSettled(
            ["700", "600"].map((amount) => requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount, idempotencyKey: randomUUID(), dailyLimitCny: "50000" })),
          );
          expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
          const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
          expect((refused.reason as DomainError).code).toBe("withdrawal.insufficient_balance");
          expect(await ctx.db.select().from(withdrawals).where(eq(withdrawals.userId, investor))).toHaveLength(1);
          const wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor });
          expect(wallet.availableCny.plus(wallet.reservedCny).toFixed(2)).toBe("1000.00");
          expect(wallet.availableCny.gte(0)).toBe(true);
        }
        expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
      });
      it("six store top-ups at once on one key, five for ¥104.00 and one for ¥904.00: one is booked, its twins replay it, the other is refused as idempotency.conflict", async () => {
        const market = await createMarket(ctx.db);
        const store = await ensureStore(ctx.db, { operatorId: market.operatorId, code: "S-RACE", nameZh: "竞争营业厅", nameEn: "Race store", addressZh: "某路 2 号" });
        const clerk = await createUser(ctx.db, market.operatorId);
        await assignClerk(ctx.db, { userId: clerk, storeId: store.id });
        for (let round = 0; round < 3; round++) {
          const investor = await createInvestor(ctx.db, market);
          const [person] = await ctx.db.select({ phone: users.phone }).from(users).where(eq(users.id, investor));
          const key = randomUUID();
          const amounts = ["104.00", "104.00", "904.00", "104.00", "104.00", "104.00"];
          const outcomes = await Promise.allSettled(
            amounts.map((amount) => recordCashTopUp(ctx.db, { operatorId: market.operatorId, clerkUserId: clerk, investorPhone: person!.phone, amount, receiptNo: `R-${round}`, idempotencyKey: key })),
          );
          const rows = await ctx.db.select().from(storeCashTopUps).where(eq(storeCashTopUps.investorUserId, investor));
          expect(rows).toHaveLength(1);
          const winner = rows[0]!;
          outcomes.forEach((outcome, i) => {
            if (amounts[i] === winner.amount) {
              // Same content as the booked record: the first result, never another's.
              expect(outcome.status).toBe("fulfilled");
              expect((outcome as PromiseFulfilledResult<{ topUp: { id: string; amount: string } }>).value.topUp).toMatchObject({ id: winner.id, amount: amounts[i] });
            } else {
              expect(outcome.status).toBe("rejected");
              expect(((outcome as PromiseRejectedResult).reason as DomainError).code).toBe("idempotency.conflict");
            }
          });
          const wallet = await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor });
          expect(wallet.availableCny.toFixed(2)).toBe(winner.amount);
        }
        expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
      });
  });
}
