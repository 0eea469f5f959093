import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { investments, ledgerHolds, loans } from "../../db/schema";
import { checkLedger } from "../ledger";
import { invest } from "../investing/invest";
import { createInvestor, createMarket, listLoan } from "../investing/test-fixtures";
import { isDomainError } from "../shared/errors";
import { createTestSms } from "../sms/testing/test-sms";
import { allocateLoan } from "./allocate-loan";
import { allocateOpenLoans } from "./allocate-open-loans";
import { createRule } from "./test-fixtures";

const smsFor = createTestSms().senderFor;

// Real races need real connections: runs only when DATABASE_URL is set (as services/investing/races.postgres.test.ts).
if (process.env.DATABASE_URL) {
  describe("auto-invest races [postgres]", () => {
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createTestDatabase("postgres", { maxConnections: 20 });
    }, 60_000);
    afterAll(async () => {
      await database?.destroy();
    });
    const db = () => {
      if (!database) throw new Error("database not open");
      return database.db;
    };

    /** The loan's books agree: funded = its live investments; every investment's hold is its own, same amount; no stray hold. */
    async function expectConsistent(operatorId: string, loanId: string) {
      const [loan] = await db().select().from(loans).where(eq(loans.id, loanId));
      const rows = await db().select().from(investments).where(eq(investments.loanId, loanId));
      const live = rows.filter((r) => r.status !== "voided");
      const funded = live.reduce((sum, r) => sum.plus(r.amount), new Decimal(0));
      expect(funded.toFixed(2)).toBe(loan!.fundedAmount);
      expect(funded.lte(loan!.amount)).toBe(true);
      const holds = await db().select().from(ledgerHolds).where(and(eq(ledgerHolds.operatorId, operatorId), eq(ledgerHolds.causeType, "investment")));
      expect(holds.filter((h) => h.status === "pending")).toHaveLength(live.length);
      for (const row of live) {
        const hold = holds.find((h) => h.id === row.holdId);
        expect(hold).toMatchObject({ status: "pending", amount: row.amount, causeId: row.id });
      }
      const report = await checkLedger(db(), { operatorId });
      expect(report.violations).toEqual([]);
      return { loan: loan!, rows, funded };
    }

    it("50 rules, three allocators and people by hand racing for one loan: never overfunded, the manual share kept, holds match, a rerun changes nothing", async () => {
      const market = await createMarket(db());
      const ruleOwners: string[] = [];
      for (let i = 0; i < 50; i++) ruleOwners.push(await createInvestor(db(), market, "3000.00"));
      const rules = [];
      for (const [i, owner] of ruleOwners.entries()) rules.push(await createRule(db(), market.operatorId, owner, { name: `规则${i}`, amountPerLoan: String(((i % 6) + 1) * 250) }));
      const manual: string[] = [];
      for (let i = 0; i < 40; i++) manual.push(await createInvestor(db(), market, "2000.00"));
      const listedAt = new Date();
      const loan = await listLoan(db(), market, "40000.00", { now: listedAt });
      const inWindow = new Date(listedAt.getTime() + 60_000);
      const byHand = (people: string[], amount: string, now: Date) =>
        people.map((userId) => invest(db(), { operatorId: market.operatorId, investorUserId: userId, loanId: loan.id, amount, idempotencyKey: randomUUID(), now }));

      // In the window: rules may hold at most 70% (¥28,000); 30 people lend ¥300 each at the same moment.
      const allocators = [0, 1, 2].map(() => allocateLoan(db(), { operatorId: market.operatorId, loanId: loan.id, smsFor, now: inWindow }));
      const outcomes = await Promise.allSettled([...allocators, ...byHand(manual.slice(0, 30), "300", inWindow)]);
      expect(outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
      const first = await expectConsistent(market.operatorId, loan.id);
      const autoSum = (rows: typeof first.rows) => rows.filter((r) => r.autoInvestRuleId && r.status !== "voided").reduce((s, r) => s.plus(r.amount), new Decimal(0));
      expect(autoSum(first.rows).lte("28000.00") && autoSum(first.rows).gt("27900.00")).toBe(true);
      expect(first.funded.toFixed(2)).toBe(autoSum(first.rows).plus(9000).toFixed(2));
      const auto = first.rows.filter((r) => r.autoInvestRuleId);
      expect(new Set(auto.map((r) => r.autoInvestRuleId)).size).toBe(auto.length);
      for (const row of auto) expect(new Decimal(row.amount).lte(rules.find((r) => r.id === row.autoInvestRuleId)!.amountPerLoan)).toBe(true);
      // Fair order: the rules that got in are the head of the queue (never allocated → oldest rule first).
      expect(new Set(auto.map((r) => r.autoInvestRuleId))).toEqual(new Set(rules.slice(0, auto.length).map((r) => r.id)));

      expect((await allocateLoan(db(), { operatorId: market.operatorId, loanId: loan.id, smsFor, now: inWindow })).placed).toEqual([]);
      expect((await expectConsistent(market.operatorId, loan.id)).rows).toHaveLength(first.rows.length);

      // After the window: two scheduled passes and ten more people at once fill what is left, exactly.
      const afterWindow = new Date(listedAt.getTime() + 31 * 60_000);
      const passes = [0, 1].map(() => allocateOpenLoans(db(), { operatorId: market.operatorId, smsFor, now: afterWindow }));
      const late = await Promise.allSettled([...passes, ...byHand(manual.slice(30), "500", afterWindow)]);
      for (const o of late) {
        if (o.status === "rejected") expect(isDomainError(o.reason) ? o.reason.code : String(o.reason)).toMatch(/^invest\.(amount_above_left|loan_not_open|amount_below_minimum)$/);
      }
      const filled = await expectConsistent(market.operatorId, loan.id);
      expect(filled.loan).toMatchObject({ status: "funded", fundedAmount: "40000.00" });
      const byRule = filled.rows.filter((r) => r.autoInvestRuleId).map((r) => r.autoInvestRuleId);
      expect(new Set(byRule).size).toBe(byRule.length);
      expect((await allocateOpenLoans(db(), { operatorId: market.operatorId, smsFor, now: afterWindow })).placed).toEqual([]);
      expect((await expectConsistent(market.operatorId, loan.id)).rows).toHaveLength(filled.rows.length);
    }, 180_000);
  });
}
