import type { Db } from "../../db/client";
import type { RuleForm } from "./parse-rule";
import { saveAutoInvestRule } from "./save-rule";

/** TEST FIXTURE: a rule form that matches the test product (12%, 6 months, equal principal, medium). */
export function ruleForm(overrides: Partial<RuleForm> = {}): RuleForm {
  return {
    name: "稳健规则",
    minRate: "8",
    maxRate: "15",
    minTerm: "3",
    maxTerm: "12",
    methods: ["equal-principal", "equal-installment"],
    riskLevels: ["low", "medium"],
    amountPerLoan: "1000",
    maxTotal: "10000",
    cashToKeep: "0",
    reinvest: true,
    ...overrides,
  };
}

/** TEST FIXTURE: saves a rule for the investor through the real use case. */
export async function createRule(db: Db, operatorId: string, investorUserId: string, overrides: Partial<RuleForm> = {}, now?: Date) {
  return saveAutoInvestRule(db, { operatorId, investorUserId, form: ruleForm(overrides), ...(now ? { now } : {}) });
}
