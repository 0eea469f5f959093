import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { overdueDays, remainingReturns, type OwedInstallment } from "./remaining-returns";

// A ¥1,000 loan, equal principal over 3 months at 12%/yr; the investor holds 60%, fee 10%.
const schedule: OwedInstallment[] = [
  { n: 1, dueDate: "2027-01-03", principal: "333.33", interest: "10.00", principalPaid: "0", interestPaid: "0", interestWaived: "0" },
  { n: 2, dueDate: "2027-02-03", principal: "333.33", interest: "6.67", principalPaid: "0", interestPaid: "0", interestWaived: "0" },
  { n: 3, dueDate: "2027-03-03", principal: "333.34", interest: "3.33", principalPaid: "0", interestPaid: "0", interestWaived: "0" },
];
const base = { loanAmountCny: "1000.00", principalCny: "600.00", serviceFeeRate: "0.10" };
const sum = (rows: Array<{ interest: string }>) => rows.reduce((s, r) => s.plus(r.interest), new Decimal(0)).toFixed(2);

describe("remainingReturns", () => {
  it("before any payment: every installment, principal adding up to the claim", () => {
    const rows = remainingReturns({ ...base, installments: schedule, outstandingPrincipalCny: "600.00" });
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.interest)).toEqual(["5.40", "3.60", "1.80"]);
    expect(rows.reduce((s, r) => s.plus(r.principal), new Decimal(0)).toFixed(2)).toBe("600.00");
  });

  it("a paid installment — even a month before it is due — drops out, and what is still expected drops by what came back", () => {
    const paid = schedule.map((i) => (i.n === 1 ? { ...i, principalPaid: i.principal, interestPaid: i.interest } : i));
    const before = remainingReturns({ ...base, installments: schedule, outstandingPrincipalCny: "600.00" });
    const after = remainingReturns({ ...base, installments: paid, outstandingPrincipalCny: "400.00" });
    expect(after.map((r) => r.n)).toEqual([2, 3]);
    // 待收 + 已收 = what was expected: 10.80 = 5.40 received + 5.40 still to come.
    expect(new Decimal(sum(after)).plus("5.40").toFixed(2)).toBe(sum(before));
    expect(after.reduce((s, r) => s.plus(r.principal), new Decimal(0)).toFixed(2)).toBe("400.00");
  });

  it("a part payment leaves the rest of that installment; waived interest (a payoff) is not expected", () => {
    const part = schedule.map((i) => (i.n === 1 ? { ...i, interestPaid: "4.00" } : i.n === 3 ? { ...i, interestWaived: "3.33" } : i));
    const rows = remainingReturns({ ...base, installments: part, outstandingPrincipalCny: "600.00" });
    expect(rows.map((r) => [r.n, r.interest])).toEqual([[1, "3.24"], [2, "3.60"], [3, "0.00"]]);
  });

  it("a settled loan expects nothing", () => {
    const settled = schedule.map((i) => ({ ...i, principalPaid: i.principal, interestPaid: i.interest }));
    expect(remainingReturns({ ...base, installments: settled, outstandingPrincipalCny: "0.00" })).toEqual([]);
  });
});

describe("overdueDays", () => {
  it("counts from the earliest unsettled installment due before today; paid or waived ones do not count", () => {
    expect(overdueDays(schedule, "2027-01-03")).toBeNull();
    expect(overdueDays(schedule, "2027-01-04")).toBe(1);
    expect(overdueDays(schedule, "2027-02-13")).toBe(41);
    const firstSettled = schedule.map((i) => (i.n === 1 ? { ...i, principalPaid: i.principal, interestPaid: "4.00", interestWaived: "6.00" } : i));
    expect(overdueDays(firstSettled, "2027-01-20")).toBeNull();
    expect(overdueDays(firstSettled, "2027-02-13")).toBe(10);
    const interestShort = schedule.map((i) => (i.n === 1 ? { ...i, principalPaid: i.principal, interestPaid: "9.99" } : i));
    expect(overdueDays(interestShort, "2027-01-05")).toBe(2);
  });
});
