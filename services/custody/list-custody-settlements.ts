import { and, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerEntries } from "../../db/schema";
import { Cny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import type { ItemRange, OurItemView } from "../statements/statement-channel";
import { CUSTODY_SETTLEMENT_KIND } from "./settlement-references";

/** Settlements booked from the custody statement in the range (reference = the bank's), as reconciliation's items of the custody account. */
export async function listCustodySettlements(db: DbOrTx, range: ItemRange): Promise<OurItemView[]> {
  const rows = await db
    .select({ id: ledgerEntries.id, key: ledgerEntries.idempotencyKey, amount: ledgerEntries.amount, memo: ledgerEntries.memo, at: ledgerEntries.createdAt })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.operatorId, range.operatorId), eq(ledgerEntries.kind, CUSTODY_SETTLEMENT_KIND), gte(ledgerEntries.createdAt, range.from), lte(ledgerEntries.createdAt, range.to)));
  return rows.map((r) => {
    const reference = r.key.slice(r.key.indexOf(":") + 1);
    return { id: `settlement:${r.id}`, reference, amountCny: new Cny(r.amount), date: beijingDate(r.at), entryIds: [r.id], label: r.memo };
  });
}
