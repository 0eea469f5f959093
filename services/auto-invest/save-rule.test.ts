import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { CONSERVATIVE_ANSWERS, createInvestor, createMarket } from "../investing/test-fixtures";
import { createUser } from "../ledger/test-fixtures";
import { DomainError } from "../shared/errors";
import { listAutoInvestRules, getAutoInvestRule } from "./list-rules";
import { RuleFormError } from "./parse-rule";
import { saveAutoInvestRule } from "./save-rule";
import { setAutoInvestRulePaused } from "./set-rule-paused";
import { createRule, ruleForm } from "./test-fixtures";
import { AUTO_INVEST_MAX_RULES } from "./limits";

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof RuleFormError ? Object.fromEntries(e.errors.map((x) => [x.field, x.code])) : e instanceof DomainError ? e.code : `unexpected: ${String(e)}`),
  );

describeEachDatabase("auto-invest rules", (ctx) => {
  it("saves, edits, pauses and resumes the investor's own rule", async () => {
    const market = await createMarket(ctx.db);
    const investor = await createInvestor(ctx.db, market);
    const rule = await createRule(ctx.db, market.operatorId, investor);
    expect(rule).toMatchObject({ name: "稳健规则", minRate: "0.080000", maxRate: "0.150000", amountPerLoan: "1000.00", paused: false, reinvest: true, lastAllocatedAt: null });

    const edited = await saveAutoInvestRule(ctx.db, { operatorId: market.operatorId, investorUserId: investor, ruleId: rule.id, form: ruleForm({ name: "改过", amountPerLoan: "500", reinvest: false }) });
    expect(edited).toMatchObject({ id: rule.id, name: "改过", amountPerLoan: "500.00", reinvest: false });
    expect((await setAutoInvestRulePaused(ctx.db, { operatorId: market.operatorId, investorUserId: investor, ruleId: rule.id, paused: true })).paused).toBe(true);
    expect((await setAutoInvestRulePaused(ctx.db, { operatorId: market.operatorId, investorUserId: investor, ruleId: rule.id, paused: false })).paused).toBe(false);
    const listed = await listAutoInvestRules(ctx.db, { operatorId: market.operatorId, investorUserId: investor });
    expect(listed.map((r) => [r.name, r.investmentCount, r.investedTotal])).toEqual([["改过", 0, "0.00"]]);

    // Someone else's rule is not there for another investor.
    const other = await createInvestor(ctx.db, market);
    expect(await errorOf(getAutoInvestRule(ctx.db, { operatorId: market.operatorId, investorUserId: other, ruleId: rule.id }))).toBe("auto_invest.not_found");
    expect(await errorOf(setAutoInvestRulePaused(ctx.db, { operatorId: market.operatorId, investorUserId: other, ruleId: rule.id, paused: true }))).toBe("auto_invest.not_found");
    expect(await errorOf(saveAutoInvestRule(ctx.db, { operatorId: market.operatorId, investorUserId: other, ruleId: rule.id, form: ruleForm() }))).toBe("auto_invest.not_found");
    // A ruleId that is not an id at all (a tampered form) is not found either, never a database error.
    expect(await errorOf(setAutoInvestRulePaused(ctx.db, { operatorId: market.operatorId, investorUserId: investor, ruleId: "x'; --", paused: true }))).toBe("auto_invest.not_found");
    expect(await errorOf(saveAutoInvestRule(ctx.db, { operatorId: market.operatorId, investorUserId: investor, ruleId: "nope", form: ruleForm() }))).toBe("auto_invest.not_found");
  });

  it("never lets the risk levels above the investor's assessed grade, beside the field", async () => {
    const market = await createMarket(ctx.db);
    const careful = await createInvestor(ctx.db, market, "0.00", CONSERVATIVE_ANSWERS);
    expect(await errorOf(createRule(ctx.db, market.operatorId, careful, { riskLevels: ["low", "medium"] }))).toEqual({ riskLevels: "auto_invest.risk_above_grade" });
    expect(await errorOf(createRule(ctx.db, market.operatorId, careful, { riskLevels: ["high"], amountPerLoan: "x" }))).toEqual({
      riskLevels: "auto_invest.risk_above_grade",
      amountPerLoan: "auto_invest.amount_per_loan_invalid",
    });
    expect(await createRule(ctx.db, market.operatorId, careful, { riskLevels: ["low"] })).toMatchObject({ riskLevels: ["low"] });
  });

  it("needs a real-named investor with a current assessment, and at most the rule limit", async () => {
    const market = await createMarket(ctx.db);
    const stranger = await createUser(ctx.db, market.operatorId);
    expect(await errorOf(createRule(ctx.db, market.operatorId, stranger))).toBe("investor.not_registered");
    const investor = await createInvestor(ctx.db, market);
    for (let i = 0; i < AUTO_INVEST_MAX_RULES; i++) await createRule(ctx.db, market.operatorId, investor, { name: `规则${i}` });
    expect(await errorOf(createRule(ctx.db, market.operatorId, investor))).toBe("auto_invest.too_many_rules");
  });
});
