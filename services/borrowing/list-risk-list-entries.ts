import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { riskListEntries } from "../../db/schema";
import type { RiskListEntry } from "./risk-list-values";

/** The operator's list entries, newest first (at most 500, what one admin page shows). */
export async function listRiskListEntries(db: DbOrTx, operatorId: string): Promise<RiskListEntry[]> {
  return db.select().from(riskListEntries).where(eq(riskListEntries.operatorId, operatorId)).orderBy(desc(riskListEntries.createdAt)).limit(500);
}
