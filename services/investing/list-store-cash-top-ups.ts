import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { storeCashTopUps } from "../../db/schema";
import { getClerkStore } from "../stores";
import type { StoreCashTopUp } from "./record-cash-top-up";

/** The store's recent cash top-ups, newest first (the clerk's day list). */
export async function listStoreCashTopUps(db: DbOrTx, input: { operatorId: string; clerkUserId: string; limit?: number }): Promise<StoreCashTopUp[]> {
  const store = await getClerkStore(db, { operatorId: input.operatorId, userId: input.clerkUserId });
  if (!store) return [];
  return db
    .select()
    .from(storeCashTopUps)
    .where(and(eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.storeId, store.id)))
    .orderBy(desc(storeCashTopUps.createdAt))
    .limit(input.limit ?? 20);
}
