import Decimal from "decimal.js";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { loanDelinquency, loanInstallments } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { createMarket, TEST_PRODUCT } from "../investing/test-fixtures";
import { createProductVersion } from "../lending/products";
import { addDays, startOfBeijingDay } from "../shared/calendar";
import { accruePenalties } from "./accrue-penalties";
import { computeDelinquency } from "./compute-delinquency";
import { effectivePenaltyDailyRate } from "./penalty";
import { refreshDelinquency } from "./refresh-delinquency";
import { createDisbursedLoan, type DisbursedLoan } from "./testing/disbursed-loan";

const at = (date: string) => new Date(startOfBeijingDay(date).getTime() + 10 * 3_600_000);
/** The default legal cap: 4 × the 3.00 % one-year LPR. */
const LEGAL_CAP = "0.12";

describeEachDatabase("penalty accrual and overdue buckets", (ctx) => {
  let db: Db;
  let loan: DisbursedLoan;
  let capped: DisbursedLoan;

  async function installments(loanId: string) {
    return db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loanId)).orderBy(asc(loanInstallments.n));
  }
  async function delinquency(loanId: string) {
    const [row] = await db.select().from(loanDelinquency).where(eq(loanDelinquency.loanId, loanId));
    return row!;
  }
  async function runDay(operatorId: string, date: string) {
    await accruePenalties(db, { operatorId, date });
    await refreshDelinquency(db, { operatorId, date });
  }

  beforeAll(async () => {
    db = ctx.db;
    const market = await createMarket(db);
    // 8 % a year: the contract's 0.05 %/day penalty would pass the 12 % cap, so 0.0001095890/day is charged.
    const product = await createProductVersion(db, { operatorId: market.operatorId, terms: { ...TEST_PRODUCT, code: "T008", annualRate: "0.08" } });
    loan = await createDisbursedLoan(db, { market: { ...market, productId: product.id }, investments: ["6000.00", "4000.00"], disbursedAt: at("2026-01-15") });
    // 12 % a year: at the cap already, no penalty may accrue.
    capped = await createDisbursedLoan(db, { market, investments: ["10000.00"], disbursedAt: at("2026-01-15") });
  });

  describe("effective penalty rate (the SQL accrual runs)", () => {
    it("keeps the contract rate when the cap leaves room for it", async () => {
      expect((await effectivePenaltyDailyRate(db, { penaltyDailyRate: "0.0001", annualRate: "0.06", legalCapAnnualRate: LEGAL_CAP })).toString()).toBe("0.0001");
    });
    it("lowers the rate so contract rate plus penalty stays within the cap", async () => {
      // (0.12 − 0.08) / 365 = 0.000109589…, truncated to ten places.
      expect((await effectivePenaltyDailyRate(db, { penaltyDailyRate: "0.0005", annualRate: "0.08", legalCapAnnualRate: LEGAL_CAP })).eq("0.000109589")).toBe(true);
    });
    it("charges no penalty on a contract already at the cap", async () => {
      expect((await effectivePenaltyDailyRate(db, { penaltyDailyRate: "0.0005", annualRate: "0.12", legalCapAnnualRate: LEGAL_CAP })).isZero()).toBe(true);
    });
  });

  it("accrues a day's penalty per day across the February month end, once per date", async () => {
    const { operatorId } = loan.market;
    const [first] = await installments(loan.loanId);
    expect(first).toMatchObject({ dueDate: "2026-02-15", principal: "1666.67" });
    const dailyRate = new Decimal("0.0001095890");
    let expected = new Decimal(0);
    // 16 Feb … 3 Mar: 16 days overdue, over the 28-day February.
    for (let date = "2026-02-16"; date <= "2026-03-03"; date = addDays(date, 1)) {
      await runDay(operatorId, date);
      expected = expected.plus(new Decimal("1666.67").times(dailyRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
    }
    const after = (await installments(loan.loanId))[0]!;
    expect(after.penaltyAccrued).toBe(expected.toFixed(2));
    expect(after.penaltyAccruedThrough).toBe("2026-03-03");
    // The same date again adds nothing.
    await runDay(operatorId, "2026-03-03");
    expect((await installments(loan.loanId))[0]!.penaltyAccrued).toBe(expected.toFixed(2));
    expect(await delinquency(loan.loanId)).toMatchObject({ overdueSince: "2026-02-15", daysPastDue: 16, bucket: "1-30" });
  });

  it("catches up missed days in one step and moves buckets at 30/31, 60/61 and 90/91 days", async () => {
    const { operatorId } = loan.market;
    const steps: [string, number, string][] = [
      ["2026-03-17", 30, "1-30"],
      ["2026-03-18", 31, "31-60"],
      ["2026-04-16", 60, "31-60"],
      ["2026-04-17", 61, "61-90"],
      ["2026-05-16", 90, "61-90"],
      ["2026-05-17", 91, "90+"],
    ];
    for (const [date, days, bucket] of steps) {
      await runDay(operatorId, date);
      expect(await delinquency(loan.loanId)).toMatchObject({ daysPastDue: days, bucket });
    }
    // The stored figures agree with the pure rule the services use.
    const rows = await installments(loan.loanId);
    const pure = computeDelinquency(rows, "2026-05-17");
    const stored = await delinquency(loan.loanId);
    expect(stored.overduePrincipal).toBe(pure.overduePrincipal.toFixed(2));
    expect(stored.overdueTotal).toBe(pure.overdueTotal.toFixed(2));
    expect(rows.filter((i) => i.dueDate < "2026-05-17").every((i) => i.penaltyAccruedThrough === "2026-05-17")).toBe(true);
  });

  it("never takes contract rate plus penalty past the legal cap", async () => {
    for (const row of await installments(loan.loanId)) {
      if (!row.penaltyAccruedThrough) continue;
      const days = Math.round((Date.parse(row.penaltyAccruedThrough) - Date.parse(row.dueDate)) / 86_400_000);
      // Cap room (12 % − 8 %) on the overdue principal for the days overdue, plus half a fen per run for rounding.
      const ceiling = new Decimal(row.principal).times("0.04").times(days).div(365).plus(new Decimal("0.005").times(days));
      expect(new Decimal(row.penaltyAccrued).lte(ceiling)).toBe(true);
    }
    await runDay(capped.market.operatorId, "2026-03-20");
    const [first] = await installments(capped.loanId);
    expect(first!.penaltyAccrued).toBe("0.00");
    // Accrual ran for it (the earlier runs of this operator reached May) and added nothing.
    expect(first!.penaltyAccruedThrough).not.toBeNull();
    const [state] = await db.select().from(loanDelinquency).where(and(eq(loanDelinquency.loanId, capped.loanId)));
    expect(state).toMatchObject({ daysPastDue: 33, bucket: "31-60" });
  });
});
