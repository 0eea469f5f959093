import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cny, fenFromText, textFromFen } from "../ledger/money";
import { allocatePayment } from "./allocate-payment";
import { distributeRepayment, feeFen } from "./distribute-repayment";

const d = (s: string | number) => new Decimal(s);
const fen = (text: string) => fenFromText(text);
const due = (penalty: string, interest: string, principal: string) => ({ penalty: fen(penalty), interest: fen(interest), principal: fen(principal) });
const texts = (...values: bigint[]) => values.map(textFromFen);

describe("allocatePayment", () => {
  it("covers penalty, then interest, then principal; the rest is overpayment", () => {
    const a = allocatePayment(fen("1000.00"), due("5.00", "416.67", "8333.33"));
    expect(texts(a.penaltyFen, a.interestFen, a.principalFen, a.overpaymentFen)).toEqual(["5.00", "416.67", "578.33", "0.00"]);
    const over = allocatePayment(fen("9000.00"), due("0", "416.67", "8333.33"));
    expect(textFromFen(over.overpaymentFen)).toBe("250.00");
  });

  it("follows a configured order", () => {
    const a = allocatePayment(fen("100.00"), due("50.00", "80.00", "1000.00"), ["principal", "interest", "penalty"]);
    expect(texts(a.penaltyFen, a.interestFen, a.principalFen)).toEqual(["0.00", "0.00", "100.00"]);
  });

  it("refuses a negative payment, a negative amount due and an order that does not name each component once", () => {
    expect(() => allocatePayment(-1n, due("0", "0", "1.00"))).toThrow();
    expect(() => allocatePayment(1n, { penalty: 0n, interest: -1n, principal: 0n })).toThrow();
    expect(() => allocatePayment(1n, due("0", "0", "1.00"), ["penalty", "penalty", "principal"])).toThrow();
  });
});

describe("feeFen", () => {
  it("rounds half up to the fen: 10% of ¥416.67 is ¥41.67, of ¥0.05 is ¥0.01, of ¥0.04 is ¥0.00", () => {
    expect(textFromFen(feeFen(fen("416.67"), d("0.10")))).toBe("41.67");
    expect(textFromFen(feeFen(fen("0.05"), d("0.1")))).toBe("0.01");
    expect(textFromFen(feeFen(fen("0.04"), d("0.1")))).toBe("0.00");
    expect(textFromFen(feeFen(fen("123.45"), d("1")))).toBe("123.45");
    expect(textFromFen(feeFen(fen("123.45"), d("0")))).toBe("0.00");
  });

  it("agrees with decimal.js's half-up rounding of amount × rate for random amounts and rates", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 10 }), fc.bigInt({ min: 0n, max: 10n ** 10n }), (amountFen, places, rateUnits) => {
        const rate = new Cny(rateUnits.toString()).div(new Cny(10).pow(places));
        fc.pre(rate.lte(1));
        const expected = new Cny(textFromFen(amountFen)).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
        expect(textFromFen(feeFen(amountFen, rate))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses a rate below zero or above one and a negative amount", () => {
    expect(() => feeFen(100n, d("-0.01"))).toThrow();
    expect(() => feeFen(100n, d("1.01"))).toThrow();
    expect(() => feeFen(-1n, d("0.1"))).toThrow();
  });
});

describe("distributeRepayment", () => {
  it("takes the service fee from interest and splits the rest by outstanding principal", () => {
    const allocation = allocatePayment(fen("8750.00"), due("0", "416.67", "8333.33"));
    const result = distributeRepayment({
      allocation,
      serviceFeeRate: d("0.10"),
      penaltyToPlatform: true,
      shares: [
        { investorUserId: "a", outstandingPrincipalFen: fen("30000.00") },
        { investorUserId: "b", outstandingPrincipalFen: fen("20000.00") },
      ],
    });
    expect(textFromFen(result.platformServiceFeeFen)).toBe("41.67");
    expect(result.investors.map((p) => [p.investorUserId, ...texts(p.principalFen, p.interestFen)])).toEqual([
      ["a", "5000.00", "225.00"],
      ["b", "3333.33", "150.00"],
    ]);
    expect(result.weights).toEqual([
      { investorUserId: "a", outstandingPrincipal: "30000.00" },
      { investorUserId: "b", outstandingPrincipal: "20000.00" },
    ]);
  });

  it("for random payments, shares and fee rates: parts sum exactly, none negative, each within a fen, order-independent", () => {
    const input = fc.record({
      paidFen: fc.bigInt({ min: 0n, max: 20_000_000n }),
      penaltyFen: fc.bigInt({ min: 0n, max: 100_000n }),
      interestFen: fc.bigInt({ min: 0n, max: 1_000_000n }),
      principalFen: fc.bigInt({ min: 0n, max: 10_000_000n }),
      feePermille: fc.integer({ min: 0, max: 300 }),
      penaltyToPlatform: fc.boolean(),
      sharesFen: fc.array(fc.bigInt({ min: 1n, max: 5_000_000n }), { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(input, (x) => {
        const allocation = allocatePayment(x.paidFen, { penalty: x.penaltyFen, interest: x.interestFen, principal: x.principalFen });
        const shares = x.sharesFen.map((s, i) => ({ investorUserId: `u${String(i).padStart(2, "0")}`, outstandingPrincipalFen: s }));
        const args = { allocation, serviceFeeRate: d(x.feePermille).div(1000), penaltyToPlatform: x.penaltyToPlatform, shares };
        const result = distributeRepayment(args);
        const sum = (pick: (p: (typeof result.investors)[number]) => bigint) => result.investors.reduce((s, p) => s + pick(p), 0n);
        const totalShares = x.sharesFen.reduce((s, v) => s + v, 0n);
        expect(sum((p) => p.principalFen)).toBe(allocation.principalFen);
        expect(sum((p) => p.interestFen) + result.platformServiceFeeFen).toBe(allocation.interestFen);
        expect(sum((p) => p.penaltyFen) + result.platformPenaltyFen).toBe(allocation.penaltyFen);
        const investorInterestFen = allocation.interestFen - result.platformServiceFeeFen;
        for (const [i, part] of result.investors.entries()) {
          for (const v of [part.principalFen, part.interestFen, part.penaltyFen]) expect(v >= 0n).toBe(true);
          // Within a fen of the exact share: |part·total − amount·weight| < total.
          const weight = x.sharesFen[i]!;
          const off = (partFen: bigint, amountFen: bigint) => (partFen * totalShares - amountFen * weight < 0n ? amountFen * weight - partFen * totalShares : partFen * totalShares - amountFen * weight);
          expect(off(part.principalFen, allocation.principalFen) < totalShares).toBe(true);
          expect(off(part.interestFen, investorInterestFen) < totalShares).toBe(true);
        }
        const reversed = distributeRepayment({ ...args, shares: [...shares].reverse() });
        const byInvestor = (r: typeof result) => Object.fromEntries(r.investors.map((p) => [p.investorUserId, texts(p.principalFen, p.interestFen, p.penaltyFen)]));
        expect(byInvestor(reversed)).toEqual(byInvestor(result));
      }),
      { numRuns: 300 },
    );
  });
});
