import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { stores } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { checkStoreFields, type StoreFields } from "./store-fields";

/**
 * Adds a store, or changes one (by its code): names, address, region. A store's code is
 * what its receipts and cash reports carry, so it never changes; adding a code that exists
 * is refused beside the code (`store.code_taken`) unless `update` is asked for. Audited
 * with what changed.
 */
export async function saveStore(
  db: Db,
  input: { operatorId: string; fields: StoreFields; update: boolean; actorUserId: string; now?: Date },
): Promise<{ storeId: string; created: boolean }> {
  const fields = checkStoreFields(input.fields);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(stores).where(and(eq(stores.operatorId, input.operatorId), eq(stores.code, fields.code))).for("update");
    if (existing && !input.update) throw new DomainError("store.code_taken", { field: "code" });
    if (!existing && input.update) throw new DomainError("store.not_found", { field: "code" });
    if (existing) {
      await tx.update(stores).set({ nameZh: fields.nameZh, nameEn: fields.nameEn, addressZh: fields.addressZh, regionZh: fields.regionZh }).where(eq(stores.id, existing.id));
      const before = { nameZh: existing.nameZh, nameEn: existing.nameEn, addressZh: existing.addressZh, regionZh: existing.regionZh };
      await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "store.updated", subject: existing.id, details: { code: fields.code, before, after: { ...fields, code: undefined } } }, now);
      return { storeId: existing.id, created: false };
    }
    const [row] = await tx.insert(stores).values({ operatorId: input.operatorId, ...fields, createdAt: now }).returning({ id: stores.id });
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "store.created", subject: row!.id, details: { ...fields } }, now);
    return { storeId: row!.id, created: true };
  });
}
