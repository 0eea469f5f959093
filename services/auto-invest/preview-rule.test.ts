import { describe, expect, it } from "vitest";
import { previewRule, type ListedLoan } from "./preview-rule";

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 2));
const listed = (id: string, d: number, over: Partial<ListedLoan> = {}): ListedLoan => ({
  id,
  titleZh: `项目${id}`,
  listedAt: day(d),
  amount: "5000.00",
  annualRate: "0.100000",
  termMonths: 6,
  method: "equal-principal",
  riskLevel: "low",
  investmentStep: "50.00",
  minInvestment: "100.00",
  ...over,
});

describe("previewing a rule over listed loans", () => {
  it("buys the matching loans in listing order until the maximum total is used", () => {
    const terms = { minRate: "0.08", maxRate: "0.12", minTermMonths: 1, maxTermMonths: 12, methods: ["equal-principal" as const], riskLevels: ["low" as const], amountPerLoan: "2000", maxTotal: "5000" };
    const loans = [listed("c", 9), listed("a", 3), listed("x", 4, { riskLevel: "high" }), listed("b", 5, { annualRate: "0.15" }), listed("d", 12), listed("e", 13, { amount: "300.00" })];
    const preview = previewRule(terms, loans, { from: day(1), to: day(30) });
    expect(preview.listed).toBe(6);
    expect(preview.bought.map((b) => [b.loanId, b.amount])).toEqual([
      ["a", "2000.00"],
      ["c", "2000.00"],
      ["d", "1000.00"],
    ]);
    expect(preview.total).toBe("5000.00");
  });

  it("takes a whole small loan when it is within the amount per loan", () => {
    const terms = { minRate: "0", maxRate: "0.2", minTermMonths: 1, maxTermMonths: 12, methods: ["equal-principal" as const], riskLevels: ["low" as const], amountPerLoan: "1000", maxTotal: "9000" };
    expect(previewRule(terms, [listed("e", 13, { amount: "80.00" })], { from: day(1), to: day(30) }).bought.map((b) => b.amount)).toEqual(["80.00"]);
  });
});
