import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { Cny, cnyFromFen, fenFromCny, fenFromText, formatCny, parseAmountCny, parsePositiveAmountCny, sumCny, textFromFen, unitsAtScale } from "./money";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe("parseAmountCny", () => {
  it("accepts plain decimals with up to two places, from strings and Decimals", () => {
    expect(formatCny(parseAmountCny("0.01"))).toBe("0.01");
    expect(formatCny(parseAmountCny("-12.3"))).toBe("-12.30");
    expect(formatCny(parseAmountCny("100"))).toBe("100.00");
    expect(formatCny(parseAmountCny(new Decimal("7.25")))).toBe("7.25");
    expect(formatCny(parseAmountCny("999999999999999999.99"))).toBe("999999999999999999.99");
    // Trailing zeros beyond the fen are not extra precision.
    expect(formatCny(parseAmountCny("1.500"))).toBe("1.50");
  });

  it("takes one of its own Decimals as it is and copies another configuration's, so sums keep their precision", () => {
    const ours = new Cny("12.34");
    expect(parseAmountCny(ours)).toBe(ours);
    // decimal.js's default configuration has 20 significant digits: its sum of these would round.
    const theirs = parseAmountCny(new Decimal("999999999999999999.99"));
    expect(formatCny(theirs.plus(new Decimal("999999999999999999.99")))).toBe("1999999999999999999.98");
    expect(codeOf(() => parseAmountCny(new Decimal("-1000000000000000000")))).toBe("ledger.amount_out_of_range");
  });

  it("formats exactly as toFixed(2) does, for amounts of any scale, sign and size", () => {
    const amounts = fc
      .tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 6 }))
      .map(([units, scale]) => new Cny(units.toString()).div(new Cny(10).pow(scale)));
    fc.assert(fc.property(amounts, (amount) => formatCny(amount) === amount.toFixed(2)), { numRuns: 5000 });
    for (const text of ["-0", "0", "0.005", "-0.005", "1e-7", "5", "-1.5", "-0.01", "1e20"]) expect(formatCny(new Cny(text))).toBe(new Cny(text).toFixed(2));
    expect(formatCny(new Cny(NaN))).toBe("NaN");
  });

  it("refuses more than two decimals instead of rounding", () => {
    expect(codeOf(() => parseAmountCny("0.001"))).toBe("ledger.too_many_decimals");
    expect(codeOf(() => parseAmountCny("10.555"))).toBe("ledger.too_many_decimals");
    expect(codeOf(() => parseAmountCny(new Decimal("0.125")))).toBe("ledger.too_many_decimals");
  });

  it("refuses exponents, signs, spaces, empty and non-numbers", () => {
    for (const bad of ["1e3", "1E-2", "+1", " 1", "1 ", "", ".5", "5.", "01", "0x10", "NaN", "Infinity", "1,000", "１"]) {
      expect(
        codeOf(() => parseAmountCny(bad)),
        bad,
      ).toBe("ledger.invalid_amount");
    }
    expect(codeOf(() => parseAmountCny(new Decimal(Infinity)))).toBe("ledger.invalid_amount");
    // A JS number never carries money, whatever the types say.
    expect(codeOf(() => parseAmountCny(12 as unknown as string))).toBe("ledger.invalid_amount");
  });

  it("refuses amounts numeric(20,2) cannot hold", () => {
    expect(codeOf(() => parseAmountCny("1000000000000000000"))).toBe("ledger.amount_out_of_range");
    expect(codeOf(() => parseAmountCny("-1000000000000000000.00"))).toBe("ledger.amount_out_of_range");
  });

  it("parsePositiveAmountCny refuses zero and negatives", () => {
    expect(codeOf(() => parsePositiveAmountCny("0"))).toBe("ledger.zero_amount");
    expect(codeOf(() => parsePositiveAmountCny("-0.00"))).toBe("ledger.zero_amount");
    expect(codeOf(() => parsePositiveAmountCny("-1"))).toBe("ledger.invalid_amount");
  });

  it("sums large amounts exactly (the default 20-digit precision would round)", () => {
    const big = "999999999999999999.99";
    const total = sumCny([parseAmountCny(big), parseAmountCny(big), parseAmountCny("0.02")]);
    expect(total.toFixed(2)).toBe("2000000000000000000.00");
    expect(new Cny(big).plus(big).minus(big).toFixed(2)).toBe(big);
  });
});

describe("whole fen", () => {
  it("writes fen as the canonical text, reads it back, and agrees with decimal.js for any size and sign", () => {
    expect([0n, 5n, -5n, 100n, -123_456n].map(textFromFen)).toEqual(["0.00", "0.05", "-0.05", "1.00", "-1234.56"]);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (fen) => {
        const text = textFromFen(fen);
        expect(text).toBe(new Cny(fen.toString()).div(100).toFixed(2));
        expect(fenFromText(text)).toBe(fen);
        expect(formatCny(cnyFromFen(fen))).toBe(text);
        expect(fenFromCny(cnyFromFen(fen))).toBe(fen);
      }),
      { numRuns: 3000 },
    );
  });

  it("writes a rate or weight as integer units at a scale, refusing a scale that would round", () => {
    expect(unitsAtScale(new Cny("0.1"), 4)).toBe(1000n);
    expect(unitsAtScale(new Cny("12"), 0)).toBe(12n);
    expect(unitsAtScale(new Cny("0.0909"), 4)).toBe(909n);
    expect(() => unitsAtScale(new Cny("0.125"), 2)).toThrow();
  });

  it("refuses to take an amount finer than the fen as whole fen", () => {
    expect(() => fenFromCny(new Cny("0.001"))).toThrow();
    expect(fenFromCny(new Cny("12.3"))).toBe(1230n);
  });
});
