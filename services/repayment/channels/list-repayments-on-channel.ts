import { and, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { repayments, stores } from "../../../db/schema";
import { Cny } from "../../ledger/money";
import { beijingDate } from "../../shared/calendar";
import type { ItemRange } from "../../statements/statement-channel";

export interface RepaymentOnChannel {
  id: string;
  reference: string;
  amountCny: Cny;
  date: string;
  entryIds: string[];
  storeCode: string | null;
}

/** A channel's repayments received between two instants (reconciliation's "our items" of a repayment channel). */
export async function listRepaymentsOnChannel(db: DbOrTx, source: string, range: ItemRange): Promise<RepaymentOnChannel[]> {
  const rows = await db
    .select({ id: repayments.id, reference: repayments.reference, amount: repayments.amount, receivedAt: repayments.receivedAt, entryIds: repayments.entryIds, storeCode: stores.code })
    .from(repayments)
    .leftJoin(stores, eq(stores.id, repayments.storeId))
    .where(and(eq(repayments.operatorId, range.operatorId), eq(repayments.source, source as typeof repayments.$inferSelect.source), gte(repayments.receivedAt, range.from), lte(repayments.receivedAt, range.to)));
  return rows.map((r) => ({ id: r.id, reference: r.reference, amountCny: new Cny(r.amount), date: beijingDate(r.receivedAt), entryIds: r.entryIds as string[], storeCode: r.storeCode }));
}
