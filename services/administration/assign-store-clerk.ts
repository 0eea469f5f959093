import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { storeClerks, stores, userRoles } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { PHONE_PATTERN } from "../identity/phone";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";


/**
 * Puts a clerk behind a store's counter: the phone number becomes a user if new, gets the
 * store_clerk role, and works at this store only (a clerk at another store moves here: the
 * counter, cash-up and receipts follow one store). Idempotent; audited.
 */
export async function assignStoreClerk(
  db: Db,
  input: { operatorId: string; storeId: string; phone: string; actorUserId: string; now?: Date },
): Promise<{ userId: string; moved: boolean }> {
  if (!isUuid(input.storeId)) throw new DomainError("store.not_found");
  const phone = input.phone.trim();
  if (!PHONE_PATTERN.test(phone)) throw new DomainError("phone.invalid", { field: "phone" });
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [store] = await tx.select({ id: stores.id, code: stores.code }).from(stores).where(and(eq(stores.id, input.storeId), eq(stores.operatorId, input.operatorId)));
    if (!store) throw new DomainError("store.not_found");
    const user = await findOrCreateUser(tx, input.operatorId, phone);
    await tx.insert(userRoles).values({ userId: user.id, role: "store_clerk", grantedAt: now }).onConflictDoNothing();
    const left = await tx.delete(storeClerks).where(and(eq(storeClerks.userId, user.id), ne(storeClerks.storeId, store.id))).returning({ storeId: storeClerks.storeId });
    const added = await tx.insert(storeClerks).values({ userId: user.id, storeId: store.id, createdAt: now }).onConflictDoNothing().returning({ userId: storeClerks.userId });
    if (added.length > 0 || left.length > 0) {
      await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "store.clerk_assigned", subject: user.id, details: { store: store.code, from: left.map((l) => l.storeId) } }, now);
    }
    return { userId: user.id, moved: left.length > 0 };
  });
}

/** Takes a clerk off a store's counter (the role stays; the admin revokes it on the staff page). Audited. */
export async function removeStoreClerk(db: Db, input: { operatorId: string; storeId: string; userId: string; actorUserId: string; now?: Date }): Promise<{ removed: boolean }> {
  if (!isUuid(input.storeId) || !isUuid(input.userId)) throw new DomainError("store.not_found");
  return db.transaction(async (tx) => {
    const [store] = await tx.select({ id: stores.id, code: stores.code }).from(stores).where(and(eq(stores.id, input.storeId), eq(stores.operatorId, input.operatorId)));
    if (!store) throw new DomainError("store.not_found");
    const removed = await tx.delete(storeClerks).where(and(eq(storeClerks.userId, input.userId), eq(storeClerks.storeId, store.id))).returning({ userId: storeClerks.userId });
    if (removed.length > 0) await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "store.clerk_removed", subject: input.userId, details: { store: store.code } }, input.now ?? new Date());
    return { removed: removed.length > 0 };
  });
}
