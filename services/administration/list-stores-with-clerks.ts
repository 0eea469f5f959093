import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { storeClerks, stores, users } from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";

export interface StoreWithClerks {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  addressZh: string;
  regionZh: string;
  clerks: Array<{ userId: string; name: string | null; phoneMasked: string }>;
}

/** The operator's stores with their clerks, by code. */
export async function listStoresWithClerks(db: DbOrTx, operatorId: string): Promise<StoreWithClerks[]> {
  const rows = await db.select().from(stores).where(eq(stores.operatorId, operatorId)).orderBy(asc(stores.code));
  const clerks = await db
    .select({ storeId: storeClerks.storeId, userId: users.id, name: users.name, phone: users.phone })
    .from(storeClerks)
    .innerJoin(users, eq(users.id, storeClerks.userId))
    .where(eq(users.operatorId, operatorId))
    .orderBy(asc(users.phone));
  return rows.map((s) => ({
    id: s.id,
    code: s.code,
    nameZh: s.nameZh,
    nameEn: s.nameEn,
    addressZh: s.addressZh,
    regionZh: s.regionZh,
    clerks: clerks.filter((c) => c.storeId === s.id).map((c) => ({ userId: c.userId, name: c.name, phoneMasked: maskPhone(c.phone) })),
  }));
}
