import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { storeClerks, stores } from "../../db/schema";

export type Store = typeof stores.$inferSelect;

export async function listStores(db: DbOrTx, operatorId: string): Promise<Store[]> {
  return db.select().from(stores).where(eq(stores.operatorId, operatorId)).orderBy(asc(stores.code));
}

/** The store a clerk works at (a clerk without a store cannot take cash). */
export async function getClerkStore(db: DbOrTx, input: { operatorId: string; userId: string }): Promise<Store | null> {
  const [row] = await db
    .select({ store: stores })
    .from(storeClerks)
    .innerJoin(stores, eq(stores.id, storeClerks.storeId))
    .where(and(eq(storeClerks.userId, input.userId), eq(stores.operatorId, input.operatorId)))
    .limit(1);
  return row?.store ?? null;
}

/** Idempotent: an existing code is left as it is. */
export async function ensureStore(
  db: DbOrTx,
  input: { operatorId: string; code: string; nameZh: string; nameEn: string; addressZh: string },
): Promise<Store> {
  await db.insert(stores).values(input).onConflictDoNothing({ target: [stores.operatorId, stores.code] });
  const [row] = await db.select().from(stores).where(and(eq(stores.operatorId, input.operatorId), eq(stores.code, input.code)));
  if (!row) throw new Error(`store ${input.code} missing after insert`);
  return row;
}

export async function assignClerk(db: DbOrTx, input: { userId: string; storeId: string }): Promise<void> {
  await db.insert(storeClerks).values(input).onConflictDoNothing();
}
