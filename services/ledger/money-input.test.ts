import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { Cny } from "./money";
import { isTypedAmount, parseFormAmount, parseTypedAmount, TYPED_AMOUNT_MAX_INTEGER_DIGITS } from "./money-input";

describe("typed amounts (one grammar, one limit)", () => {
  it("accept yuan to the fen, up to the named number of integer digits", () => {
    for (const ok of ["0", "1", "100.5", "100.50", "9".repeat(TYPED_AMOUNT_MAX_INTEGER_DIGITS) + ".99"]) expect(isTypedAmount(ok), ok).toBe(true);
    for (const bad of ["", ".5", "1.", "1.234", "-1", "+1", "1e3", " 1", "1,000", "1".repeat(TYPED_AMOUNT_MAX_INTEGER_DIGITS + 1)]) expect(isTypedAmount(bad), bad).toBe(false);
  });

  it("parse what people type: spaces, thousands separators and a leading ¥ are dropped", () => {
    expect(parseTypedAmount(" 1,000.50 ")!.toFixed(2)).toBe("1000.50");
    expect(parseTypedAmount("¥2，000")!.toFixed(2)).toBe("2000.00");
    expect(parseTypedAmount("1 000")!.toFixed(2)).toBe("1000.00");
    expect(parseTypedAmount("abc")).toBeNull();
    expect(parseTypedAmount("0.001")).toBeNull();
    expect(parseTypedAmount("1e5")).toBeNull();
    // decimal.js with the ledger's precision, never a JS number
    expect(parseTypedAmount("999999999999.99")).toBeInstanceOf(Cny);
  });

  it("check a form amount against its range, with the field's own error code and the range in the details", () => {
    const range = { min: new Cny("100"), max: new Cny("50000") };
    expect(parseFormAmount("1,000", range, "topup.amount_invalid").toFixed(2)).toBe("1000.00");
    for (const bad of ["99.99", "50000.01", "x", ""]) {
      expect(() => parseFormAmount(bad, range, "topup.amount_invalid", "amount")).toThrow(
        expect.objectContaining({ code: "topup.amount_invalid", field: "amount", details: { min: "100.00", max: "50000.00" } }),
      );
    }
    expect(() => parseFormAmount("5", { min: new Cny("10") }, "withdrawal.amount_invalid")).toThrow(DomainError);
  });
});
