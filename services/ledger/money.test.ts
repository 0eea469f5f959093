import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { Cny, formatCny, parseAmountCny, parsePositiveAmountCny, sumCny } from "./money";

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
