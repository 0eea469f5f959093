import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { effectivePenaltyDailyRate, penaltyFor } from "./penalty";

describeEachDatabase("the penalty formula (the SQL accrual runs)", (ctx) => {
  it("charges principal × daily rate × days, rounded half up to the fen", async () => {
    // 1666.67 × 0.0001095890 = 0.18264…: 0.18 a day, and 16 days = 2.922… → 2.92.
    expect((await penaltyFor(ctx.db, { overduePrincipalCny: "1666.67", dailyRate: "0.0001095890", days: 1 })).toFixed(2)).toBe("0.18");
    expect((await penaltyFor(ctx.db, { overduePrincipalCny: "1666.67", dailyRate: "0.0001095890", days: 16 })).toFixed(2)).toBe("2.92");
    // Exactly half a fen rounds up: 10.00 × 0.0005 × 1 = 0.005.
    expect((await penaltyFor(ctx.db, { overduePrincipalCny: "10.00", dailyRate: "0.0005", days: 1 })).toFixed(2)).toBe("0.01");
    expect((await penaltyFor(ctx.db, { overduePrincipalCny: "1000.00", dailyRate: "0.0005", days: 0 })).isZero()).toBe(true);
    await expect(penaltyFor(ctx.db, { overduePrincipalCny: "1", dailyRate: "0.1", days: -1 })).rejects.toThrow();
  });

  it("truncates the capped daily rate, never rounding it up", async () => {
    // (0.12 − 0.06) / 365 = 0.000164383561…, truncated to 0.0001643835.
    expect((await effectivePenaltyDailyRate(ctx.db, { penaltyDailyRate: "0.0005", annualRate: "0.06", legalCapAnnualRate: "0.12" })).toFixed()).toBe("0.0001643835");
    // A contract above the cap (older terms) charges nothing, never a negative penalty.
    expect((await effectivePenaltyDailyRate(ctx.db, { penaltyDailyRate: "0.0005", annualRate: "0.15", legalCapAnnualRate: "0.12" })).isZero()).toBe(true);
  });
});
