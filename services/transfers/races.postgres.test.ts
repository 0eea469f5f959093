import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { debtTransfers, loanInstallments } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { createInvestor } from "../investing/test-fixtures";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { Cny, ZERO_CNY } from "../ledger/money";
import { queryRows } from "../ledger/db-helpers";
import { applyRepayments } from "../repayment/apply-repayments";
import { createDisbursedLoan } from "../repayment/testing/disbursed-loan";
import { startOfBeijingDay } from "../shared/calendar";
import type { DomainError } from "../shared/errors";
import { buyTransferListing, getTransferListing, listClaimForTransfer } from ".";

// Real races need real connections: this file runs only when DATABASE_URL is set.
if (process.env.DATABASE_URL) {
  describe("debt transfer races [postgres]", () => {
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createTestDatabase("postgres", { maxConnections: 12 });
    }, 60_000);
    afterAll(async () => {
      await database?.destroy();
    });
    const db = () => database!.db;
    const at = (date: string, hour = 10) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);
    const balance = async (operatorId: string, code: string) => {
      const account = await getAccountByCode(db(), { operatorId, code });
      return account ? (await getBalance(db(), { operatorId, accountId: account.id })).postedCny : ZERO_CNY;
    };

    it("buyers racing for one listing: exactly one wins, nobody overdraws, the winner's replay returns the purchase", async () => {
      const loan = await createDisbursedLoan(db(), { investments: ["6000.00", "4000.00"], disbursedAt: at("2026-01-15") });
      const { operatorId } = loan.market;
      const seller = loan.investorIds[0]!;
      const { listing } = await listClaimForTransfer(db(), { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "6000", pricePercent: "100", idempotencyKey: "race-list-1", now: at("2026-02-05") });
      // 6000 of 10000, 21 of 31 days of 100.00 interest, net of 10 %: 60.97 × 0.6 = 36.58.
      const price = "6036.58";
      // Ten buyers: eight can afford it, two are short of it by a fen.
      const buyers = [];
      for (let i = 0; i < 10; i++) buyers.push(await createInvestor(db(), loan.market, i < 8 ? price : "6036.57"));
      const outcomes = await Promise.allSettled(
        buyers.map((buyer, i) => buyTransferListing(db(), { operatorId, buyerUserId: buyer, listingId: listing.id, shownPrice: price, idempotencyKey: `race-buy-${i}-key`, now: at("2026-02-05", 11) })),
      );
      const winners = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect(["transfer.not_available", "transfer.insufficient_balance"]).toContain((o.reason as DomainError).code);
      const winner = winners[0]!;
      const replay = await buyTransferListing(db(), { operatorId, buyerUserId: buyers[winner]!, listingId: listing.id, shownPrice: price, idempotencyKey: `race-buy-${winner}-key`, now: at("2026-02-05", 12) });
      expect(replay).toMatchObject({ replayed: true, transfer: { id: listing.id, buyerUserId: buyers[winner] } });
      for (const [i, buyer] of buyers.entries()) {
        expect((await balance(operatorId, chart.walletAvailable(buyer).code)).toFixed(2)).toBe(i === winner ? "0.00" : i < 8 ? price : "6036.57");
        expect((await balance(operatorId, chart.claim(buyer, loan.loanId).code)).toFixed(2)).toBe(i === winner ? "6000.00" : "0.00");
      }
      expect((await checkLedger(db(), { operatorId })).ok).toBe(true);
    });

    it("a transfer racing a repayment of the same loan: one order or the other, and the claims still sum to the loan's principal", async () => {
      for (let round = 0; round < 4; round++) {
        const loan = await createDisbursedLoan(db(), { investments: ["5000.00", "5000.00"], disbursedAt: at("2026-01-15") });
        const { operatorId } = loan.market;
        const [seller, other] = loan.investorIds as [string, string];
        const buyer = await createInvestor(db(), loan.market, "20000.00");
        const { listing } = await listClaimForTransfer(db(), { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "1000", pricePercent: "95", idempotencyKey: `race-list-r${round}`, now: at("2026-02-14") });
        const [first] = await db().select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loan.loanId), eq(loanInstallments.n, 1)));
        // Bought on the 14th at the price shown that day; the installment of the 15th paid "at the same time" (received the 14th).
        const [bought, repaid] = await Promise.allSettled([
          buyTransferListing(db(), { operatorId, buyerUserId: buyer, listingId: listing.id, shownPrice: await shownPrice(listing.id), idempotencyKey: `race-tr-buy-${round}`, now: at("2026-02-14", 11) }),
          applyRepayments(db(), { operatorId, postedBy: { system: "test" }, requests: [{ loanId: loan.loanId, source: "passbook_debit", reference: `PD-RACE-${round}`, amountCny: new Cny(first!.principal).plus(first!.interest).toFixed(2), receivedAt: at("2026-02-14", 11) }] }),
        ]);
        expect(repaid.status).toBe("fulfilled");
        // The purchase either went first (bought) or came second and found the claim reduced below the listing
        // or today's price moved (the period's interest was paid): refused, nothing moved.
        if (bought.status === "rejected") expect(["transfer.not_available", "transfer.price_changed"]).toContain((bought.reason as DomainError).code);
        const claims = await Promise.all([seller, other, buyer].map(async (u) => balance(operatorId, chart.claim(u, loan.loanId).code)));
        const principal = await balance(operatorId, chart.loanPrincipal(loan.loanId).code);
        expect(claims.reduce((t, c) => t.plus(c), ZERO_CNY).toFixed(2)).toBe(principal.toFixed(2));
        expect(principal.toFixed(2)).toBe(new Cny("10000").minus(first!.principal).toFixed(2));
        for (const c of claims) expect(c.lt(0)).toBe(false);
        const [row] = await db().select().from(debtTransfers).where(eq(debtTransfers.id, listing.id));
        if (bought.status === "fulfilled") {
          expect(row!.status).toBe("sold");
          // Bought first: the repayment split by the new weights, 4000 : 5000 : 1000.
          expect(claims[2]!.toFixed(2)).toBe(new Cny(1000).minus(new Cny(first!.principal).div(10)).toDecimalPlaces(2).toFixed(2));
        }
        expect((await checkLedger(db(), { operatorId })).ok).toBe(true);
      }
    });

    it("a transfer and a repayment queued on the loan's lock run in either order, and both orders leave the right claims", async () => {
      for (const order of ["buy first", "repayment first"] as const) {
        const loan = await createDisbursedLoan(db(), { investments: ["5000.00", "5000.00"], disbursedAt: at("2026-01-15") });
        const { operatorId } = loan.market;
        const [seller, other] = loan.investorIds as [string, string];
        const buyer = await createInvestor(db(), loan.market, "20000.00");
        const key = order.replace(" ", "-");
        const { listing } = await listClaimForTransfer(db(), { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "1000", pricePercent: "95", idempotencyKey: `order-list-${key}`, now: at("2026-02-14") });
        const price = await shownPrice(listing.id);
        const [first] = await db().select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loan.loanId), eq(loanInstallments.n, 1)));
        const buy = () => buyTransferListing(db(), { operatorId, buyerUserId: buyer, listingId: listing.id, shownPrice: price, idempotencyKey: `order-buy-${key}`, now: at("2026-02-14", 11) });
        const repay = () => applyRepayments(db(), { operatorId, postedBy: { system: "test" }, requests: [{ loanId: loan.loanId, source: "passbook_debit", reference: `PD-ORDER-${key}`, amountCny: new Cny(first!.principal).plus(first!.interest).toFixed(2), receivedAt: at("2026-02-14", 11) }] });
        // A gate holds the loan's row lock; the first operation queues on it, then the second; the gate's
        // commit lets them through in that order (row-lock waiters are served first come, first served).
        let running: Promise<[PromiseSettledResult<unknown>, PromiseSettledResult<unknown>]> | undefined;
        await db().transaction(async (gate) => {
          await gate.execute(sql`select 1 from loans where id = ${loan.loanId} for update`);
          const [a, b] = order === "buy first" ? [buy, repay] : [repay, buy];
          const firstDone = a().then(...settle);
          await waitForLockWaiters(1);
          const secondDone = b().then(...settle);
          await waitForLockWaiters(2);
          running = Promise.all([firstDone, secondDone]);
        });
        const settled = await running!;
        const [bought, repaid] = order === "buy first" ? settled : [settled[1], settled[0]];
        expect(repaid.status).toBe("fulfilled");
        const [row] = await db().select().from(debtTransfers).where(eq(debtTransfers.id, listing.id));
        const claims = await Promise.all([seller, other, buyer].map(async (u) => (await balance(operatorId, chart.claim(u, loan.loanId).code)).toFixed(2)));
        const paidPerShare = new Cny(first!.principal).div(10); // a tenth of the period's principal per ¥1,000 held
        if (order === "buy first") {
          expect(bought.status).toBe("fulfilled");
          expect(row!.status).toBe("sold");
          // The repayment split by the new weights, 4,000 : 5,000 : 1,000.
          expect(claims).toEqual([new Cny(4000).minus(paidPerShare.times(4)), new Cny(5000).minus(paidPerShare.times(5)), new Cny(1000).minus(paidPerShare)].map((c) => c.toDecimalPlaces(2).toFixed(2)));
        } else {
          // Second in line, the purchase finds the day's price moved (the period's interest is paid): refused, nothing moved.
          expect(bought.status).toBe("rejected");
          expect(["transfer.price_changed", "transfer.not_available"]).toContain(((bought as PromiseRejectedResult).reason as DomainError).code);
          expect(row!.status).toBe("listed");
          expect(claims[2]).toBe("0.00");
          expect((await balance(operatorId, chart.walletAvailable(buyer).code)).toFixed(2)).toBe("20000.00");
        }
        expect((await checkLedger(db(), { operatorId })).ok).toBe(true);
      }
    });

    const settle = [(value: unknown): PromiseSettledResult<unknown> => ({ status: "fulfilled", value }), (reason: unknown): PromiseSettledResult<unknown> => ({ status: "rejected", reason })] as const;

    /** Waits until `count` sessions of this test database are waiting for a lock (at most 10 s). */
    async function waitForLockWaiters(count: number): Promise<void> {
      for (let tries = 0; tries < 200; tries++) {
        const [row] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        if (row && row.n >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`never saw ${count} session(s) waiting for the loan's lock`);
    }

    /** The price the buy page would show for a listing today (the purchase day). */
    async function shownPrice(listingId: string): Promise<string> {
      const [row] = await db().select().from(debtTransfers).where(eq(debtTransfers.id, listingId));
      return (await getTransferListing(db(), { operatorId: row!.operatorId, viewerUserId: row!.sellerUserId, listingId, now: at("2026-02-14", 11) })).price;
    }
  });
}
