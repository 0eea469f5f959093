import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { addMonthsClamped, buildSchedule, REPAYMENT_METHODS, type RepaymentMethod } from "./build-schedule";

const row = (s: ReturnType<typeof buildSchedule>, k: number) => {
  const i = s.installments[k - 1]!;
  return [i.principal, i.interest, i.payment, i.remaining];
};

// Expected figures checked by hand and by an independent implementation (Python's decimal).
describe("the seed products' schedules", () => {
  it("Z001 种植贷: ¥50,000, 10%, 6 months, equal principal", () => {
    const s = buildSchedule({ principalCny: "50000", annualRate: "0.10", termMonths: 6, method: "equal-principal" });
    expect(row(s, 1)).toEqual(["8333.33", "416.67", "8750.00", "41666.67"]);
    expect(row(s, 2)).toEqual(["8333.33", "347.22", "8680.55", "33333.34"]);
    expect(row(s, 6)).toEqual(["8333.35", "69.44", "8402.79", "0.00"]);
    expect(s.totals).toEqual({ principal: "50000.00", interest: "1458.33", payment: "51458.33" });
  });

  it("X001 助学贷: ¥20,000, 4%, 10 months, interest monthly, principal at maturity", () => {
    const s = buildSchedule({ principalCny: "20000", annualRate: "0.04", termMonths: 10, method: "interest-only" });
    for (let k = 1; k < 10; k++) expect(row(s, k)).toEqual(["0.00", "66.67", "66.67", "20000.00"]);
    expect(row(s, 10)).toEqual(["20000.00", "66.67", "20066.67", "0.00"]);
    expect(s.totals.interest).toBe("666.70");
  });

  it("Y001 养殖贷: ¥80,000, 10%, 12 months, interest monthly, principal at maturity", () => {
    const s = buildSchedule({ principalCny: "80000", annualRate: "0.10", termMonths: 12, method: "interest-only" });
    expect(row(s, 1)).toEqual(["0.00", "666.67", "666.67", "80000.00"]);
    expect(row(s, 12)).toEqual(["80000.00", "666.67", "80666.67", "0.00"]);
    expect(s.totals.interest).toBe("8000.04");
  });

  it("equal installment: ¥10,000, 12%, 12 months", () => {
    const s = buildSchedule({ principalCny: "10000", annualRate: "0.12", termMonths: 12, method: "equal-installment" });
    expect(row(s, 1)).toEqual(["788.49", "100.00", "888.49", "9211.51"]);
    expect(row(s, 2)).toEqual(["796.37", "92.12", "888.49", "8415.14"]);
    expect(row(s, 12)).toEqual(["879.67", "8.80", "888.47", "0.00"]);
    expect(s.totals.interest).toBe("661.86");
  });

  it("equal installment: ¥30,000, 8.88%, 24 months", () => {
    const s = buildSchedule({ principalCny: "30000", annualRate: "0.0888", termMonths: 24, method: "equal-installment" });
    expect(row(s, 1)).toEqual(["1146.89", "222.00", "1368.89", "28853.11"]);
    expect(row(s, 24)).toEqual(["1358.88", "10.06", "1368.94", "0.00"]);
    expect(s.totals.interest).toBe("2853.41");
  });
});

describe("edge cases", () => {
  it("zero rate: no interest, principal split evenly with the last part taking the rest", () => {
    const s = buildSchedule({ principalCny: "1000", annualRate: "0", termMonths: 3, method: "equal-installment" });
    expect(s.installments.map((i) => i.principal)).toEqual(["333.33", "333.33", "333.34"]);
    expect(s.totals.interest).toBe("0.00");
    const p = buildSchedule({ principalCny: "1000", annualRate: "0", termMonths: 3, method: "equal-principal" });
    expect(p.installments.map((i) => i.payment)).toEqual(["333.33", "333.33", "333.34"]);
  });

  it("one month: everything in a single installment", () => {
    for (const method of REPAYMENT_METHODS) {
      const s = buildSchedule({ principalCny: "5000", annualRate: "0.12", termMonths: 1, method });
      expect(s.installments).toEqual([{ n: 1, principal: "5000.00", interest: "50.00", payment: "5050.00", remaining: "0.00" }]);
    }
  });

  it("due dates fall on the same day each month, or the month's last day", () => {
    const s = buildSchedule({ principalCny: "1200", annualRate: "0.12", termMonths: 4, method: "equal-principal", startDate: "2026-01-31" });
    expect(s.installments.map((i) => i.dueDate)).toEqual(["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]);
    expect(addMonthsClamped("2027-11-30", 3)).toBe("2028-02-29");
    expect(addMonthsClamped("2026-12-15", 1)).toBe("2027-01-15");
  });

  it("refuses bad input with a typed error", () => {
    const base = { principalCny: "1000", annualRate: "0.1", termMonths: 6, method: "equal-principal" as RepaymentMethod };
    const code = (input: Partial<typeof base> & { startDate?: string }) => {
      try {
        buildSchedule({ ...base, ...input });
        return null;
      } catch (error) {
        return error instanceof DomainError ? error.code : String(error);
      }
    };
    expect(code({ principalCny: "99.99" })).toBe("schedule.invalid_principal");
    expect(code({ principalCny: "1000.001" })).toBe("schedule.invalid_principal");
    expect(code({ principalCny: "1e4" })).toBe("schedule.invalid_principal");
    expect(code({ principalCny: "-1000" })).toBe("schedule.invalid_principal");
    expect(code({ annualRate: "1" })).toBe("schedule.invalid_rate");
    expect(code({ annualRate: "0.1234567" })).toBe("schedule.invalid_rate");
    expect(code({ annualRate: "ten" })).toBe("schedule.invalid_rate");
    expect(code({ termMonths: 0 })).toBe("schedule.invalid_term");
    expect(code({ termMonths: 1.5 })).toBe("schedule.invalid_term");
    expect(code({ termMonths: 121 })).toBe("schedule.invalid_term");
    expect(code({ principalCny: "1199.99", termMonths: 120 })).toBe("schedule.invalid_principal");
    expect(code({ principalCny: "1200", termMonths: 120 })).toBeNull();
    expect(code({ method: "balloon" as RepaymentMethod })).toBe("schedule.invalid_method");
    expect(code({ startDate: "2026-02-30" })).toBe("schedule.invalid_date");
  });
});

describe("for random loans, every method", () => {
  // Principal from the smallest allowed for the term (¥10 a month, at least ¥100) to ¥10 million.
  const loan = fc
    .record({
      termMonths: fc.integer({ min: 1, max: 120 }),
      extraFen: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 999_000_000 })),
      rateMillionths: fc.integer({ min: 0, max: 360_000 }),
      method: fc.constantFrom(...REPAYMENT_METHODS),
    })
    .map(({ termMonths, extraFen, rateMillionths, method }) => ({
      termMonths,
      rateMillionths,
      method,
      principalFen: Math.max(10_000, termMonths * 1_000) + extraFen,
    }));

  it("repays exactly the principal, ends at 0.00, never goes negative, and payment = principal + interest", () => {
    fc.assert(
      fc.property(loan, ({ principalFen, rateMillionths, termMonths, method }) => {
        const principalCny = new Decimal(principalFen).div(100).toFixed(2);
        const annualRate = new Decimal(rateMillionths).div(1_000_000).toString();
        const s = buildSchedule({ principalCny, annualRate, termMonths, method });
        expect(s.installments).toHaveLength(termMonths);
        let sum = new Decimal(0);
        let interest = new Decimal(0);
        for (const i of s.installments) {
          expect(new Decimal(i.principal).isNegative()).toBe(false);
          expect(new Decimal(i.remaining).isNegative()).toBe(false);
          expect(new Decimal(i.principal).plus(i.interest).toFixed(2)).toBe(i.payment);
          for (const amount of [i.principal, i.interest, i.payment, i.remaining]) expect(amount).toMatch(/^\d+\.\d{2}$/);
          sum = sum.plus(i.principal);
          interest = interest.plus(i.interest);
        }
        expect(sum.toFixed(2)).toBe(principalCny);
        expect(s.installments.at(-1)!.remaining).toBe("0.00");
        expect(interest.toFixed(2)).toBe(s.totals.interest);
      }),
      { numRuns: 2000 },
    );
  });
});
