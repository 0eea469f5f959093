import { and, eq, gte, inArray, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { breakResolutions, ledgerAdjustments, reconciliationResults } from "../../db/schema";
import type { Channel } from "./channels";

export type BreakState = "matched" | "open" | "awaiting_approval" | "resolved";

export type StoredResult = typeof reconciliationResults.$inferSelect;
export type StoredResolution = typeof breakResolutions.$inferSelect & { adjustmentStatus: string | null; adjustmentEntryId: string | null };

export interface ResultWithState {
  result: StoredResult;
  state: BreakState;
  resolutions: StoredResolution[];
}

/**
 * The stored results of channel-days with each break's state, from its append-only
 * resolutions: a timing difference or an approved adjustment resolves it; an adjustment
 * still proposed leaves it awaiting approval; a rejected one leaves it open. (Manual
 * links do not show here: a linked pair is matched by the next run.)
 */
export async function loadResultsWithState(
  db: DbOrTx,
  input: { operatorId: string; channel?: Channel; fromDate: string; toDate: string },
): Promise<ResultWithState[]> {
  const where = and(
    eq(reconciliationResults.operatorId, input.operatorId),
    gte(reconciliationResults.date, input.fromDate),
    lte(reconciliationResults.date, input.toDate),
    ...(input.channel ? [eq(reconciliationResults.channel, input.channel)] : []),
  );
  const results = await db.select().from(reconciliationResults).where(where).orderBy(reconciliationResults.channel, reconciliationResults.date, reconciliationResults.breakKey);
  if (results.length === 0) return [];
  const resolutions = await db
    .select({ resolution: breakResolutions, adjustmentStatus: ledgerAdjustments.status, adjustmentEntryId: ledgerAdjustments.entryId })
    .from(breakResolutions)
    .leftJoin(ledgerAdjustments, eq(ledgerAdjustments.id, breakResolutions.adjustmentId))
    .where(
      and(
        eq(breakResolutions.operatorId, input.operatorId),
        gte(breakResolutions.date, input.fromDate),
        lte(breakResolutions.date, input.toDate),
        inArray(breakResolutions.breakKey, [...new Set(results.map((r) => r.breakKey))]),
      ),
    )
    .orderBy(breakResolutions.createdAt);
  const byKey = new Map<string, StoredResolution[]>();
  for (const r of resolutions) {
    const key = `${r.resolution.channel}|${r.resolution.date}|${r.resolution.breakKey}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { ...r.resolution, adjustmentStatus: r.adjustmentStatus, adjustmentEntryId: r.adjustmentEntryId }]);
  }
  return results.map((result) => {
    const own = byKey.get(`${result.channel}|${result.date}|${result.breakKey}`) ?? [];
    return { result, resolutions: own, state: stateOf(result, own) };
  });
}

export function stateOf(result: StoredResult, resolutions: readonly StoredResolution[]): BreakState {
  if (result.status === "matched") return "matched";
  let awaiting = false;
  for (const r of resolutions) {
    if (r.kind === "timing") return "resolved";
    if (r.kind === "adjustment") {
      if (r.adjustmentStatus === "approved") return "resolved";
      if (r.adjustmentStatus === "proposed") awaiting = true;
    }
  }
  return awaiting ? "awaiting_approval" : "open";
}
