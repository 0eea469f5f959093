import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { amountToInvest, ruleMatchesLoan } from "./match-rule";

const loan = { amount: "10000.00", fundedAmount: "0.00", investmentStep: "50.00", minInvestment: "100.00" };
const room = (over: Partial<Parameters<typeof amountToInvest>[0]> = {}) => amountToInvest({ loan, amountPerLoan: "1000", budgetLeft: "5000", spendable: "8000", autoRoomLeft: null, ...over })?.toFixed(2) ?? null;

describe("a rule and a loan", () => {
  it("matches rate and term inclusively, and only its methods and levels", () => {
    const rule = { minRate: "0.08", maxRate: "0.12", minTermMonths: 3, maxTermMonths: 6, methods: ["equal-principal" as const], riskLevels: ["low" as const, "medium" as const] };
    const terms = { annualRate: "0.120000", termMonths: 6, method: "equal-principal" as const, riskLevel: "medium" as const };
    expect(ruleMatchesLoan(rule, terms)).toBe(true);
    expect(ruleMatchesLoan(rule, { ...terms, annualRate: "0.120001" })).toBe(false);
    expect(ruleMatchesLoan(rule, { ...terms, termMonths: 7 })).toBe(false);
    expect(ruleMatchesLoan(rule, { ...terms, method: "interest-only" })).toBe(false);
    expect(ruleMatchesLoan(rule, { ...terms, riskLevel: "high" })).toBe(false);
  });

  it("invests the least of per-loan, budget, spendable cash, what is left and the auto room, in whole steps", () => {
    expect(room()).toBe("1000.00");
    expect(room({ budgetLeft: "730" })).toBe("700.00");
    expect(room({ spendable: "99.99" })).toBeNull();
    expect(room({ spendable: new Decimal("-5") })).toBeNull();
    expect(room({ autoRoomLeft: "420" })).toBe("400.00");
    expect(room({ autoRoomLeft: "0" })).toBeNull();
  });

  it("takes exactly what is left when that is within every bound, even below the minimum", () => {
    expect(room({ loan: { ...loan, fundedAmount: "9960.00" } })).toBe("40.00");
    expect(room({ loan: { ...loan, fundedAmount: "9500.00" }, amountPerLoan: "2000" })).toBe("500.00");
    expect(room({ loan: { ...loan, fundedAmount: "10000.00" } })).toBeNull();
  });
});

describe("auto-invest settings from the environment", () => {
  it("reads the manual share and window, keeping the defaults for anything malformed", async () => {
    const { autoInvestSettingsFrom } = await import("./limits");
    expect(autoInvestSettingsFrom({ AUTO_INVEST_MANUAL_SHARE: "0.5", AUTO_INVEST_MANUAL_MINUTES: "10" })).toEqual({ manualShare: new Decimal("0.5"), manualWindowMinutes: 10 });
    expect(autoInvestSettingsFrom({ AUTO_INVEST_MANUAL_SHARE: "1.5", AUTO_INVEST_MANUAL_MINUTES: "-3" })).toEqual({ manualShare: new Decimal("0.30"), manualWindowMinutes: 30 });
    expect(autoInvestSettingsFrom({})).toEqual({ manualShare: new Decimal("0.30"), manualWindowMinutes: 30 });
  });
});
