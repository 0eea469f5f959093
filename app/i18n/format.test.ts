import { describe, expect, it } from "vitest";
import { formatDate, formatMoney } from "./format";

describe("formatMoney", () => {
  it.each([
    ["1234.56", "¥1,234.56"],
    ["0", "¥0.00"],
    ["0.5", "¥0.50"],
    ["1000000", "¥1,000,000.00"],
    ["-80000.10", "-¥80,000.10"],
    ["-0.00", "¥0.00"],
    ["007.10", "¥7.10"],
    ["12345678901234567890.99", "¥12,345,678,901,234,567,890.99"],
    ["3.1400", "¥3.14"],
  ])("%s → %s", (input, expected) => {
    expect(formatMoney(input)).toBe(expected);
  });

  it("refuses what is not an amount or has fractions of a fen", () => {
    expect(() => formatMoney("12,00")).toThrow();
    expect(() => formatMoney("1e3")).toThrow();
    expect(() => formatMoney("1.005")).toThrow();
  });
});

describe("formatDate", () => {
  it("renders in the user's language on Beijing time", () => {
    const lateUtc = new Date("2026-03-01T17:30:00Z"); // already 2 March in Beijing
    expect(formatDate(lateUtc, "zh-CN")).toBe("2026年3月2日");
    expect(formatDate(lateUtc, "en")).toBe("March 2, 2026");
  });
});
