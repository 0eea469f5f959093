import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cny } from "../ledger/money";
import { isSettled, proRataFen, quotePayoff, type InstallmentState } from "./compute-due";

/** The settled test as plain decimal arithmetic: the reference the text-and-fen version must agree with. */
function settledByDecimal(i: InstallmentState): boolean {
  const d = (s: string) => new Decimal(s);
  return d(i.penaltyAccrued).eq(i.penaltyPaid) && d(i.principal).eq(i.principalPaid) && d(i.interest).eq(d(i.interestPaid).plus(i.interestWaived));
}

/** An amount in fen written the ways it may arrive: canonical ("12.30"), short ("12.3", "12") or as numeric text. */
const amountText = (fen: bigint, style: number): string => {
  const canonical = `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;
  if (style === 0) return canonical;
  if (style === 1) return canonical.replace(/0$/, "").replace(/\.$/, "");
  return fen % 100n === 0n ? (fen / 100n).toString() : canonical;
};

const amount = (max: bigint) => fc.tuple(fc.bigInt({ min: 0n, max }), fc.integer({ min: 0, max: 2 })).map(([fen, style]) => ({ fen, text: amountText(fen, style) }));

describe("isSettled", () => {
  it("agrees with decimal arithmetic for random installments, amounts written canonically or not", () => {
    fc.assert(
      fc.property(amount(300n), amount(300n), amount(300n), amount(300n), amount(300n), amount(300n), amount(300n), (pa, pp, p, ppd, i, ip, iw) => {
        const row: InstallmentState = {
          n: 1,
          dueDate: "2027-03-15",
          principal: p.text,
          principalPaid: ppd.text,
          interest: i.text,
          interestPaid: ip.text,
          interestWaived: iw.text,
          penaltyAccrued: pa.text,
          penaltyPaid: pp.text,
        };
        expect(isSettled(row)).toBe(settledByDecimal(row));
      }),
      { numRuns: 5000 },
    );
  });

  it("a row paid in full, with waived interest, is settled; one fen short is not", () => {
    const paid = { n: 1, dueDate: "2027-03-15", principal: "1000.00", principalPaid: "1000.00", interest: "100.00", interestPaid: "40.00", interestWaived: "60.00", penaltyAccrued: "1.5", penaltyPaid: "1.50" };
    expect(isSettled(paid)).toBe(true);
    expect(isSettled({ ...paid, interestPaid: "39.99" })).toBe(false);
    expect(isSettled({ ...paid, principalPaid: "999.99" })).toBe(false);
  });
});

describe("proRataFen", () => {
  it("agrees with decimal.js's interest × elapsed / period rounded half up, for random periods", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: -5, max: 40 }), (interestFen, periodDays, elapsedDays) => {
        const elapsed = Math.max(0, Math.min(periodDays, elapsedDays));
        const expected = new Cny(interestFen.toString()).div(100).times(elapsed).div(periodDays).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        expect(proRataFen(interestFen, elapsedDays, periodDays)).toBe(BigInt(expected.times(100).toFixed(0)));
      }),
      { numRuns: 3000 },
    );
  });

  it("charges the running period's interest to the payoff day: ¥100.00 over 31 days, 10 days in, is ¥32.26", () => {
    const row = (n: number, dueDate: string): InstallmentState => ({
      n, dueDate, principal: "1000.00", interest: "100.00", principalPaid: "0.00", interestPaid: "0.00", interestWaived: "0.00", penaltyAccrued: "0.00", penaltyPaid: "0.00",
    });
    const quote = quotePayoff([row(1, "2026-02-15"), row(2, "2026-03-15")], "2026-01-25", "2026-01-15");
    expect(quote.items.map((i) => [i.n, i.interest.toFixed(2), i.interestToWaive.toFixed(2), i.principal.toFixed(2)])).toEqual([
      [1, "32.26", "67.74", "1000.00"],
      [2, "0.00", "100.00", "1000.00"],
    ]);
    expect(quote.total.toFixed(2)).toBe("2032.26");
  });
});
