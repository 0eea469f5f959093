import { and, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { storeCashTopUps, stores } from "../../../../db/schema";
import { Cny, formatCny } from "../../../ledger/money";
import { beijingDate } from "../../../shared/calendar";
import { toCsv } from "../../../shared/csv";
import { itemRange } from "../../../statements/day-range";
import { defineStatementChannel, type GeneratedStatement, type ItemRange, type OurItemView } from "../../../statements/statement-channel";
import { listRepaymentsOnChannel } from "../list-repayments-on-channel";
import { readStoreCashReport, STORE_CASH_COLUMNS, type StoreCashStatementLine } from "./store-cash-statement";

/**
 * A store's daily cash report as reconciliation reads it (statement `store_cash`):
 * reference = the receipt number, against the stores' cash repayments and cash top-ups.
 * Every store's clearing account is checked at sign-off (by prefix).
 */
export const STORE_CASH_STATEMENT = defineStatementChannel<StoreCashStatementLine>({
  source: "store_cash",
  columns: STORE_CASH_COLUMNS,
  read: readStoreCashReport,
  storedLines: (lines) =>
    lines.map((l) => ({ lineNo: l.line, raw: l.raw, reference: l.receiptNo, amount: l.amountCny, fee: null, date: l.businessDate, kind: l.kind, groupKey: l.storeCode })),
  theirLines: (lines, fileId) =>
    lines.map((line) => ({ id: `${fileId}:${line.line}`, source: "store_cash", reference: line.receiptNo, amountCny: line.amountCny, date: line.businessDate, kind: line.kind, raw: line.raw })),
  listOurItems: listStoreCash,
  clearing: { prefix: "clearing:store:" },
  sandboxStatements: sandboxCashReports,
});

async function listStoreCash(db: DbOrTx, range: ItemRange): Promise<OurItemView[]> {
  const items: OurItemView[] = (await listRepaymentsOnChannel(db, "store_cash", range)).map((r) => ({
    id: `repayment:${r.id}`,
    reference: r.reference,
    amountCny: r.amountCny,
    date: r.date,
    entryIds: r.entryIds,
    label: `门店现金还款 ${r.storeCode ?? ""} ${r.reference}`.replace("  ", " "),
  }));
  const topUps = await db
    .select({ id: storeCashTopUps.id, receiptNo: storeCashTopUps.receiptNo, amount: storeCashTopUps.amount, createdAt: storeCashTopUps.createdAt, entryId: storeCashTopUps.entryId, storeCode: stores.code })
    .from(storeCashTopUps)
    .innerJoin(stores, eq(stores.id, storeCashTopUps.storeId))
    .where(and(eq(storeCashTopUps.operatorId, range.operatorId), gte(storeCashTopUps.createdAt, range.from), lte(storeCashTopUps.createdAt, range.to)));
  for (const t of topUps) {
    items.push({ id: `cash-top-up:${t.id}`, reference: t.receiptNo, amountCny: new Cny(t.amount), date: beijingDate(t.createdAt), entryIds: [t.entryId], label: `门店现金充值 ${t.storeCode} ${t.receiptNo}` });
  }
  return items;
}

/** One cash report per store that took cash that day. */
async function sandboxCashReports(db: DbOrTx, input: { operatorId: string; date: string }): Promise<GeneratedStatement[]> {
  const cash = await listStoreCash(db, itemRange(input.operatorId, input.date));
  const byStore = new Map<string, OurItemView[]>();
  for (const item of cash) {
    const store = /^(?:门店现金还款|门店现金充值) (\S+) /.exec(item.label)?.[1] ?? "S000";
    byStore.set(store, [...(byStore.get(store) ?? []), item]);
  }
  const compact = input.date.replace(/-/g, "");
  return [...byStore.entries()].sort().map(([store, items]) => {
    const rows = items.map((i) => [store, input.date, i.reference!, i.id.startsWith("cash-top-up:") ? "TOP_UP" : "REPAYMENT", { amount: formatCny(i.amountCny) }, "138****0000"]);
    return { source: "store_cash", fileName: `store-cash-${store}-${compact}.csv`, bytes: new TextEncoder().encode(toCsv([[...STORE_CASH_COLUMNS], ...rows])) };
  });
}
