import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { stores } from "../../db/schema";
import { DomainError } from "../shared/errors";
import type { Application } from "./access";

export type RepaymentChannel = "passbook_debit" | "store_cash" | "phone_bill";
export const REPAYMENT_CHANNELS: readonly RepaymentChannel[] = ["passbook_debit", "store_cash", "phone_bill"];

/** A repayment channel the application can use: a passbook debit needs its passbook, store cash a store of this operator. */
export async function checkChannel(db: DbOrTx, operatorId: string, app: Application, raw: string, rawStoreId: string | null) {
  if (!(REPAYMENT_CHANNELS as readonly string[]).includes(raw)) throw new DomainError("signing.channel_required", { field: "channel" });
  const channel = raw as RepaymentChannel;
  if (channel === "passbook_debit" && !app.passbookAccountEnc) throw new DomainError("signing.passbook_required", { field: "channel" });
  let storeId: string | null = null;
  if (channel === "store_cash") {
    const [store] = rawStoreId ? await db.select({ id: stores.id }).from(stores).where(and(eq(stores.operatorId, operatorId), eq(stores.id, rawStoreId))) : [];
    if (!store) throw new DomainError("application.store_required", { field: "storeId" });
    storeId = store.id;
  }
  return { channel, storeId };
}
