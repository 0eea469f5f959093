import { and, count, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { autoInvestRules } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { getInvestorStatus, gradeAllows, gradeNeededFor, type RiskGrade } from "../investing";
import { RISK_LEVELS } from "../../db/enums";
import { isUuid } from "../ledger/validate";
import { DomainError } from "../shared/errors";
import { AUTO_INVEST_MAX_RULES } from "./limits";
import { parseRuleForm, RuleFormError, type RuleForm, type RuleTerms } from "./parse-rule";
import type { AutoInvestRule } from "./rule";

/** The investor may keep rules: real-named with a current risk assessment; returns their grade. */
export async function investorGrade(db: Db, input: { operatorId: string; investorUserId: string; now: Date }): Promise<RiskGrade> {
  const status = await getInvestorStatus(db, { operatorId: input.operatorId, userId: input.investorUserId, now: input.now });
  if (!status.isInvestor || !status.profile) throw new DomainError("investor.not_registered");
  if (!status.risk) throw new DomainError("risk.assessment_required");
  if (status.risk.expired) throw new DomainError("risk.assessment_expired");
  return status.risk.grade;
}

/** Parses the form and checks the levels against the grade, reporting every field's problem at once. */
function checkedTerms(form: RuleForm, grade: RiskGrade): RuleTerms {
  const errors: DomainError[] = [];
  let terms: RuleTerms | null = null;
  try {
    terms = parseRuleForm(form);
  } catch (error) {
    if (!(error instanceof RuleFormError)) throw error;
    errors.push(...error.errors);
  }
  const above = RISK_LEVELS.filter((level) => form.riskLevels.includes(level) && !gradeAllows(grade, level));
  if (above.length > 0) errors.push(new DomainError("auto_invest.risk_above_grade", { field: "riskLevels", details: { grade, needed: gradeNeededFor(above[above.length - 1]!) } }));
  if (errors.length > 0 || !terms) throw new RuleFormError(errors);
  return terms;
}

function columns(terms: RuleTerms) {
  return {
    name: terms.name,
    minRate: terms.minRate.toFixed(6),
    maxRate: terms.maxRate.toFixed(6),
    minTermMonths: terms.minTermMonths,
    maxTermMonths: terms.maxTermMonths,
    methods: terms.methods,
    riskLevels: terms.riskLevels,
    amountPerLoan: terms.amountPerLoan.toFixed(2),
    maxTotal: terms.maxTotal.toFixed(2),
    cashToKeep: terms.cashToKeep.toFixed(2),
    reinvest: terms.reinvest,
  };
}

/**
 * Creates a rule (no `ruleId`) or changes one of the investor's own. The risk levels may never be
 * above the investor's assessed grade (checked here and again at every allocation, by the invest use case).
 */
export async function saveAutoInvestRule(
  db: Db,
  input: { operatorId: string; investorUserId: string; ruleId?: string | null; form: RuleForm; now?: Date },
): Promise<AutoInvestRule> {
  const now = input.now ?? new Date();
  if (input.ruleId && !isUuid(input.ruleId)) throw new DomainError("auto_invest.not_found");
  const grade = await investorGrade(db, { operatorId: input.operatorId, investorUserId: input.investorUserId, now });
  const terms = checkedTerms(input.form, grade);
  return db.transaction(async (tx) => {
    const mine = and(eq(autoInvestRules.operatorId, input.operatorId), eq(autoInvestRules.investorUserId, input.investorUserId));
    let saved: AutoInvestRule | undefined;
    if (input.ruleId) {
      [saved] = await tx.update(autoInvestRules).set({ ...columns(terms), updatedAt: now }).where(and(mine, eq(autoInvestRules.id, input.ruleId))).returning();
      if (!saved) throw new DomainError("auto_invest.not_found");
    } else {
      const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(autoInvestRules).where(mine);
      if (n >= AUTO_INVEST_MAX_RULES) throw new DomainError("auto_invest.too_many_rules", { details: { max: AUTO_INVEST_MAX_RULES } });
      [saved] = await tx
        .insert(autoInvestRules)
        .values({ operatorId: input.operatorId, investorUserId: input.investorUserId, ...columns(terms), createdAt: now, updatedAt: now })
        .returning();
    }
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.investorUserId, action: "auto_invest.rule_saved", subject: saved!.id, details: { ...columns(terms), created: !input.ruleId } }, now);
    return saved!;
  });
}
