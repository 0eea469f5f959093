import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { autoInvestRules } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { isUuid } from "../ledger/validate";
import { DomainError } from "../shared/errors";
import type { AutoInvestRule } from "./rule";

/** Pauses or resumes one of the investor's rules; a paused rule is skipped by every allocation. Repeating it changes nothing. */
export async function setAutoInvestRulePaused(
  db: Db,
  input: { operatorId: string; investorUserId: string; ruleId: string; paused: boolean; now?: Date },
): Promise<AutoInvestRule> {
  const now = input.now ?? new Date();
  if (!isUuid(input.ruleId)) throw new DomainError("auto_invest.not_found");
  return db.transaction(async (tx) => {
    const [rule] = await tx
      .update(autoInvestRules)
      .set({ paused: input.paused, updatedAt: now })
      .where(and(eq(autoInvestRules.operatorId, input.operatorId), eq(autoInvestRules.investorUserId, input.investorUserId), eq(autoInvestRules.id, input.ruleId)))
      .returning();
    if (!rule) throw new DomainError("auto_invest.not_found");
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.investorUserId, action: input.paused ? "auto_invest.rule_paused" : "auto_invest.rule_resumed", subject: rule.id }, now);
    return rule;
  });
}
