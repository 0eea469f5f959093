import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocatePayment } from "./allocate-payment";
import { distributeRepayment } from "./distribute-repayment";

const d = (s: string | number) => new Decimal(s);
const due = (penalty: string, interest: string, principal: string) => ({ penalty: d(penalty), interest: d(interest), principal: d(principal) });

describe("allocatePayment", () => {
  it("covers penalty, then interest, then principal; the rest is overpayment", () => {
    const a = allocatePayment(d("1000.00"), due("5.00", "416.67", "8333.33"));
    expect([a.penalty, a.interest, a.principal, a.overpayment].map((x) => x.toFixed(2))).toEqual(["5.00", "416.67", "578.33", "0.00"]);
    const over = allocatePayment(d("9000.00"), due("0", "416.67", "8333.33"));
    expect(over.overpayment.toFixed(2)).toBe("250.00");
  });

  it("follows a configured order", () => {
    const a = allocatePayment(d("100.00"), due("50.00", "80.00", "1000.00"), ["principal", "interest", "penalty"]);
    expect([a.penalty, a.interest, a.principal].map((x) => x.toFixed(2))).toEqual(["0.00", "0.00", "100.00"]);
  });
});

describe("distributeRepayment", () => {
  it("takes the service fee from interest and splits the rest by outstanding principal", () => {
    const allocation = allocatePayment(d("8750.00"), due("0", "416.67", "8333.33"));
    const result = distributeRepayment({
      allocation,
      serviceFeeRate: d("0.10"),
      penaltyToPlatform: true,
      shares: [
        { investorUserId: "a", outstandingPrincipalCny: d("30000") },
        { investorUserId: "b", outstandingPrincipalCny: d("20000") },
      ],
    });
    expect(result.platformServiceFee.toFixed(2)).toBe("41.67");
    expect(result.investors.map((p) => [p.investorUserId, p.principal.toFixed(2), p.interest.toFixed(2)])).toEqual([
      ["a", "5000.00", "225.00"],
      ["b", "3333.33", "150.00"],
    ]);
  });

  it("for random payments, shares and fee rates: parts sum exactly, none negative, each within a fen, order-independent", () => {
    const input = fc.record({
      paidFen: fc.integer({ min: 0, max: 20_000_000 }),
      penaltyFen: fc.integer({ min: 0, max: 100_000 }),
      interestFen: fc.integer({ min: 0, max: 1_000_000 }),
      principalFen: fc.integer({ min: 0, max: 10_000_000 }),
      feePermille: fc.integer({ min: 0, max: 300 }),
      penaltyToPlatform: fc.boolean(),
      sharesFen: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(input, (x) => {
        const allocation = allocatePayment(d(x.paidFen).div(100), due(d(x.penaltyFen).div(100).toFixed(2), d(x.interestFen).div(100).toFixed(2), d(x.principalFen).div(100).toFixed(2)));
        const shares = x.sharesFen.map((s, i) => ({ investorUserId: `u${String(i).padStart(2, "0")}`, outstandingPrincipalCny: d(s).div(100) }));
        const args = { allocation, serviceFeeRate: d(x.feePermille).div(1000), penaltyToPlatform: x.penaltyToPlatform, shares };
        const result = distributeRepayment(args);
        const sum = (pick: (p: (typeof result.investors)[number]) => Decimal) => result.investors.reduce((s, p) => s.plus(pick(p)), d(0));
        const totalShares = shares.reduce((s, v) => s.plus(v.outstandingPrincipalCny), d(0));
        expect(sum((p) => p.principal).toFixed(2)).toBe(allocation.principal.toFixed(2));
        expect(sum((p) => p.interest).plus(result.platformServiceFee).toFixed(2)).toBe(allocation.interest.toFixed(2));
        expect(sum((p) => p.penalty).plus(result.platformPenalty).toFixed(2)).toBe(allocation.penalty.toFixed(2));
        const investorInterest = allocation.interest.minus(result.platformServiceFee);
        for (const [i, part] of result.investors.entries()) {
          for (const v of [part.principal, part.interest, part.penalty]) expect(v.isNegative()).toBe(false);
          const weight = shares[i]!.outstandingPrincipalCny.div(totalShares);
          expect(part.principal.minus(allocation.principal.times(weight)).abs().lt("0.01")).toBe(true);
          expect(part.interest.minus(investorInterest.times(weight)).abs().lt("0.01")).toBe(true);
        }
        const reversed = distributeRepayment({ ...args, shares: [...shares].reverse() });
        const byInvestor = (r: typeof result) => Object.fromEntries(r.investors.map((p) => [p.investorUserId, [p.principal, p.interest, p.penalty].map((v) => v.toFixed(2))]));
        expect(byInvestor(reversed)).toEqual(byInvestor(result));
      }),
      { numRuns: 300 },
    );
  });
});
