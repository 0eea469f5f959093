import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { autoInvestRules } from "../../db/schema";
import { isUuid } from "../ledger/validate";
import { DomainError } from "../shared/errors";
import { ruleTotals } from "./rule-budget";
import type { AutoInvestRule } from "./rule";

export type AutoInvestRuleView = AutoInvestRule & { investmentCount: number; investedTotal: string };

/** The investor's rules, oldest first, each with how many investments it made and their sum. */
export async function listAutoInvestRules(db: DbOrTx, input: { operatorId: string; investorUserId: string }): Promise<AutoInvestRuleView[]> {
  const rules = await db
    .select()
    .from(autoInvestRules)
    .where(and(eq(autoInvestRules.operatorId, input.operatorId), eq(autoInvestRules.investorUserId, input.investorUserId)))
    .orderBy(asc(autoInvestRules.createdAt), asc(autoInvestRules.id));
  const totals = await ruleTotals(db, rules.map((r) => r.id));
  return rules.map((r) => ({ ...r, investmentCount: totals.get(r.id)?.count ?? 0, investedTotal: (totals.get(r.id)?.total ?? null)?.toFixed(2) ?? "0.00" }));
}

/** One of the investor's own rules (anyone else's is not found). */
export async function getAutoInvestRule(db: DbOrTx, input: { operatorId: string; investorUserId: string; ruleId: string }): Promise<AutoInvestRule> {
  if (!isUuid(input.ruleId)) throw new DomainError("auto_invest.not_found");
  const [rule] = await db
    .select()
    .from(autoInvestRules)
    .where(and(eq(autoInvestRules.operatorId, input.operatorId), eq(autoInvestRules.investorUserId, input.investorUserId), eq(autoInvestRules.id, input.ruleId)));
  if (!rule) throw new DomainError("auto_invest.not_found");
  return rule;
}
