import { describe, expect, it } from "vitest";
import { parseRuleForm, RuleFormError } from "./parse-rule";
import { ruleForm } from "./test-fixtures";

const fieldsOf = (form: Parameters<typeof parseRuleForm>[0]) => {
  try {
    parseRuleForm(form);
    return {};
  } catch (error) {
    if (!(error instanceof RuleFormError)) throw error;
    return Object.fromEntries(error.errors.map((e) => [e.field, e.code]));
  }
};

describe("parsing a rule form", () => {
  it("turns percent into fractions and keeps money as decimals", () => {
    const terms = parseRuleForm(ruleForm({ minRate: "8.5%", maxRate: "12", amountPerLoan: "1,000", cashToKeep: "" }));
    expect(terms.minRate.toFixed(6)).toBe("0.085000");
    expect(terms.maxRate.toFixed(6)).toBe("0.120000");
    expect(terms.amountPerLoan.toFixed(2)).toBe("1000.00");
    expect(terms.cashToKeep.toFixed(2)).toBe("0.00");
    expect(terms.methods).toEqual(["equal-principal", "equal-installment"]);
  });

  it("reports every field's problem at once, beside the field", () => {
    expect(
      fieldsOf(ruleForm({ name: " ", minRate: "abc", maxRate: "12", minTerm: "0", maxTerm: "200", methods: ["weekly"], riskLevels: [], amountPerLoan: "10", maxTotal: "x", cashToKeep: "-1" })),
    ).toEqual({
      name: "auto_invest.name_invalid",
      minRate: "auto_invest.rate_invalid",
      minTerm: "auto_invest.term_invalid",
      maxTerm: "auto_invest.term_invalid",
      methods: "auto_invest.methods_required",
      riskLevels: "auto_invest.risk_levels_required",
      amountPerLoan: "auto_invest.amount_per_loan_invalid",
      maxTotal: "auto_invest.max_total_invalid",
      cashToKeep: "auto_invest.cash_to_keep_invalid",
    });
  });

  it("refuses a range upside down and a total below the amount per loan", () => {
    expect(fieldsOf(ruleForm({ minRate: "15", maxRate: "8", minTerm: "12", maxTerm: "3", amountPerLoan: "5000", maxTotal: "1000" }))).toEqual({
      maxRate: "auto_invest.rate_range",
      maxTerm: "auto_invest.term_range",
      maxTotal: "auto_invest.max_total_below_per_loan",
    });
  });
});
