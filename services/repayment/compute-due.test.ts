import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSettled, type InstallmentState } from "./compute-due";

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
