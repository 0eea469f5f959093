import Decimal from "decimal.js";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investments, loans } from "../../db/schema";
import type { AutoInvestRule } from "./rule";

/**
 * What counts against a rule's maximum total (the "reinvest returns" switch, kept simple):
 * - reinvest on: what the rule has in loans not yet paid off (pending or confirmed investments
 *   in loans that are not `closed`), so money coming back from paid-off loans can be invested again;
 * - reinvest off: everything the rule has ever invested (not voided), so returns are never
 *   put back to work by the rule — it stops at its maximum total and the returns stay in the wallet.
 */
export async function ruleUsed(db: DbOrTx, rule: Pick<AutoInvestRule, "id" | "reinvest">): Promise<Decimal> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${investments.amount}), 0)` })
    .from(investments)
    .innerJoin(loans, eq(loans.id, investments.loanId))
    .where(and(eq(investments.autoInvestRuleId, rule.id), ne(investments.status, "voided"), ...(rule.reinvest ? [ne(loans.status, "closed")] : [])));
  return new Decimal(row?.total ?? "0");
}

/** Per rule: how many investments it made (not voided) and their sum. */
export async function ruleTotals(db: DbOrTx, ruleIds: readonly string[]): Promise<Map<string, { count: number; total: Decimal }>> {
  const out = new Map<string, { count: number; total: Decimal }>();
  if (ruleIds.length === 0) return out;
  const rows = await db
    .select({ ruleId: investments.autoInvestRuleId, n: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${investments.amount}), 0)` })
    .from(investments)
    .where(and(inArray(investments.autoInvestRuleId, [...ruleIds]), ne(investments.status, "voided")))
    .groupBy(investments.autoInvestRuleId);
  for (const row of rows) out.set(row.ruleId!, { count: Number(row.n), total: new Decimal(row.total) });
  return out;
}
