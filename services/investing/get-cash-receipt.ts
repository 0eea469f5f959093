import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investorProfiles, storeCashTopUps, stores, users } from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";
import { DomainError } from "../shared/errors";
import { getClerkStore } from "../stores";
import { maskName } from "./identity-checks";
import type { StoreCashTopUp } from "./record-cash-top-up";

export interface CashReceipt {
  topUp: StoreCashTopUp;
  store: { code: string; nameZh: string; nameEn: string; addressZh: string };
  /** The clerk who took the cash: their name, or their masked phone when they have none (clerks added by phone in the admin console). */
  clerkName: string | null;
  investor: { nameMasked: string; phoneMasked: string };
}

/** A receipt for printing: the store's own clerks see their store's receipts. */
export async function getCashReceipt(db: DbOrTx, input: { operatorId: string; clerkUserId: string; topUpId: string }): Promise<CashReceipt> {
  if (!/^[0-9a-f-]{36}$/i.test(input.topUpId)) throw new DomainError("topup.not_found");
  const store = await getClerkStore(db, { operatorId: input.operatorId, userId: input.clerkUserId });
  if (!store) throw new DomainError("topup.no_store");
  const [row] = await db
    .select({ topUp: storeCashTopUps, store: stores })
    .from(storeCashTopUps)
    .innerJoin(stores, eq(stores.id, storeCashTopUps.storeId))
    .where(and(eq(storeCashTopUps.id, input.topUpId), eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.storeId, store.id)));
  if (!row) throw new DomainError("topup.not_found");
  const [clerk] = await db.select({ name: users.name, phone: users.phone }).from(users).where(eq(users.id, row.topUp.clerkUserId));
  const [investor] = await db
    .select({ phone: users.phone, legalName: investorProfiles.legalName })
    .from(users)
    .leftJoin(investorProfiles, eq(investorProfiles.userId, users.id))
    .where(eq(users.id, row.topUp.investorUserId));
  return {
    topUp: row.topUp,
    store: { code: row.store.code, nameZh: row.store.nameZh, nameEn: row.store.nameEn, addressZh: row.store.addressZh },
    clerkName: clerk ? (clerk.name ?? maskPhone(clerk.phone)) : null,
    investor: { nameMasked: maskName(investor?.legalName ?? null), phoneMasked: investor ? maskPhone(investor.phone) : "" },
  };
}
