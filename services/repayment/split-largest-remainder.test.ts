import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cny } from "../ledger/money";
import { splitLargestRemainder, type Weighted } from "./split-largest-remainder";

/**
 * The split as it was computed before integer arithmetic (decimal.js, 60 significant
 * digits): the reference the bigint version must agree with on every input.
 */
function decimalSplit(amountCny: Decimal, weights: ReadonlyArray<Weighted>): Map<string, Decimal> {
  const FEN = new Cny("0.01");
  const totalWeight = weights.reduce((sum, w) => sum.plus(w.weight), new Cny(0));
  const parts = new Map<string, Decimal>(weights.map((w) => [w.key, new Cny(0)]));
  if (amountCny.isZero()) return parts;
  const totalFen = amountCny.div(FEN);
  const shares = weights.map((w) => {
    const exactFen = totalFen.times(w.weight).div(totalWeight);
    const floorFen = exactFen.floor();
    return { key: w.key, floorFen, remainder: exactFen.minus(floorFen) };
  });
  let leftoverFen = totalFen.minus(shares.reduce((sum, s) => sum.plus(s.floorFen), new Cny(0))).toNumber();
  const byRemainder = [...shares].sort((a, b) => b.remainder.comparedTo(a.remainder) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const share of byRemainder) {
    const fen = leftoverFen > 0 && share.remainder.gt(0) ? 1 : 0;
    leftoverFen -= fen;
    parts.set(share.key, share.floorFen.plus(fen).times(FEN));
  }
  return parts;
}

const d = (s: string | number) => new Decimal(s);
const asStrings = (m: Map<string, Decimal>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toFixed(2)]));

describe("splitLargestRemainder", () => {
  it("splits ¥100.00 three ways as 33.34 / 33.33 / 33.33, the extra fen to the smallest key on a tie", () => {
    expect(asStrings(splitLargestRemainder(d("100.00"), [{ key: "b", weight: d(1) }, { key: "a", weight: d(1) }, { key: "c", weight: d(1) }]))).toEqual({
      a: "33.34",
      b: "33.33",
      c: "33.33",
    });
  });

  it("gives leftover fen to the largest remainders", () => {
    // exact shares 0.0625, 0.0375, 0.0100 fen-wise: 6.25, 3.75, 1.0 fen → floors 6, 3, 1 = 10, one left → b (0.75)
    expect(asStrings(splitLargestRemainder(d("0.11"), [{ key: "a", weight: d("0.5682") }, { key: "b", weight: d("0.3409") }, { key: "c", weight: d("0.0909") }]))).toEqual({
      a: "0.06",
      b: "0.04",
      c: "0.01",
    });
  });

  it("zero amount gives zero parts; zero weight gets nothing", () => {
    expect(asStrings(splitLargestRemainder(d(0), [{ key: "a", weight: d(0) }]))).toEqual({ a: "0.00" });
    expect(asStrings(splitLargestRemainder(d("1.00"), [{ key: "a", weight: d(0) }, { key: "b", weight: d(3) }]))).toEqual({ a: "0.00", b: "1.00" });
  });

  it("refuses what cannot be split", () => {
    expect(() => splitLargestRemainder(d("-1"), [{ key: "a", weight: d(1) }])).toThrow();
    expect(() => splitLargestRemainder(d("1.001"), [{ key: "a", weight: d(1) }])).toThrow();
    expect(() => splitLargestRemainder(d("1"), [{ key: "a", weight: d(0) }])).toThrow();
    expect(() => splitLargestRemainder(d("1"), [{ key: "a", weight: d(1) }, { key: "a", weight: d(2) }])).toThrow();
  });

  it("for random amounts and weights: sums exactly, never negative, within a fen of the exact share, order-independent", () => {
    const input = fc.record({
      amountFen: fc.integer({ min: 0, max: 100_000_000 }),
      weightsFen: fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 40 }).filter((w) => w.some((x) => x > 0)),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(input, ({ amountFen, weightsFen, seed }) => {
        const amount = d(amountFen).div(100);
        const weights = weightsFen.map((w, i) => ({ key: `inv${String(i).padStart(3, "0")}`, weight: d(w).div(100) }));
        const parts = splitLargestRemainder(amount, weights);
        const total = weights.reduce((s, w) => s.plus(w.weight), d(0));
        let sum = d(0);
        for (const w of weights) {
          const part = parts.get(w.key)!;
          expect(part.isNegative()).toBe(false);
          expect(part.decimalPlaces()).toBeLessThanOrEqual(2);
          const exact = amount.times(w.weight).div(total);
          expect(part.minus(exact).abs().lt("0.01")).toBe(true);
          sum = sum.plus(part);
        }
        expect(sum.toFixed(2)).toBe(amount.toFixed(2));
        // The same weights in another order give the same parts.
        const shuffled = [...weights].sort((a, b) => ((a.key.charCodeAt(5) * 31 + seed) % 7) - ((b.key.charCodeAt(5) * 31 + seed) % 7) || (a.key < b.key ? 1 : -1));
        expect(asStrings(splitLargestRemainder(amount, shuffled))).toEqual(asStrings(parts));
      }),
      { numRuns: 500 },
    );
  });

  it("gives exactly what the former decimal.js split gave, for random amounts and weights (fen and finer)", () => {
    const input = fc.record({
      amountFen: fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 100_000_000_000 })),
      weights: fc
        .array(fc.record({ units: fc.integer({ min: 0, max: 2_000_000_000 }), decimals: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 60 })
        .filter((w) => w.some((x) => x.units > 0)),
      equal: fc.boolean(),
    });
    fc.assert(
      fc.property(input, ({ amountFen, weights, equal }) => {
        const amount = d(amountFen).div(100);
        // Half the runs use equal weights: every remainder ties and the keys decide.
        const list = weights.map((w, i) => ({ key: `inv${String(i).padStart(3, "0")}`, weight: equal ? d(weights[0]!.units + 1) : d(w.units).div(d(10).pow(w.decimals)) }));
        expect(asStrings(splitLargestRemainder(amount, list))).toEqual(asStrings(decimalSplit(amount, list)));
      }),
      { numRuns: 2_000 },
    );
  });
});
