import type Decimal from "decimal.js";
import { and, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanDisbursements, storeCashUps, stores, withdrawals } from "../../db/schema";
import { chart } from "../ledger/chart";
import { Cny, formatCny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { toCsv } from "../shared/csv";
import { itemRange } from "../statements/day-range";
import { defineStatementChannel, type ItemRange, type OurItemView } from "../statements/statement-channel";
import { CUSTODY_STATEMENT_COLUMNS, parseCustodyStatement } from "./parse-custody-statement";
import type { CustodyStatementLine } from "./types";

/**
 * The custody bank's statement, signed by direction (DR is negative), against withdrawals
 * paid out, disbursements paid from custody and store cash-ups. Its sign-off checks the
 * custody account itself.
 */
export const CUSTODY_STATEMENT = defineStatementChannel<CustodyStatementLine>({
  source: "custody_statement",
  columns: CUSTODY_STATEMENT_COLUMNS,
  read: parseCustodyStatement,
  storedLines: (lines) =>
    lines.map((l) => ({ lineNo: l.line, raw: l.raw, reference: l.reference, amount: l.direction === "DR" ? l.amountCny.negated() : l.amountCny, fee: null, date: l.valueDate, kind: l.direction, groupKey: null })),
  theirLines: (lines, fileId) =>
    lines.map((line) => ({
      id: `${fileId}:${line.line}`,
      source: "custody_statement",
      reference: line.reference,
      amountCny: line.direction === "DR" ? line.amountCny.negated() : line.amountCny,
      date: line.valueDate,
      kind: line.direction,
      raw: line.raw,
    })),
  listOurItems: listCustodyItems,
  clearing: { code: chart.custodyBank().code },
  feeAccount: chart.custodyBank(),
  async sandboxStatements(db, { operatorId, date }) {
    const compact = date.replace(/-/g, "");
    const items = await listCustodyItems(db, itemRange(operatorId, date));
    const rows = items.map((i) => {
      const ref = i.reference ?? `BK${compact}${i.id.slice(i.id.indexOf(":") + 1, i.id.indexOf(":") + 9)}`;
      return [i.date, ref, i.amountCny.isNegative() ? "DR" : "CR", { amount: formatCny(i.amountCny.abs()) }, "沙箱", i.label];
    });
    return [{ source: "custody_statement", fileName: `custody-statement-${compact}.csv`, bytes: new TextEncoder().encode(toCsv([[...CUSTODY_STATEMENT_COLUMNS], ...rows])) }];
  },
});

async function listCustodyItems(db: DbOrTx, range: ItemRange): Promise<OurItemView[]> {
  const { operatorId, from, to } = range;
  const money = (value: string | null) => new Cny(value ?? "0");
  const items: OurItemView[] = [];
  const paid = await db
    .select({ id: withdrawals.id, amount: withdrawals.amount, reference: withdrawals.payoutReference, decidedAt: withdrawals.decidedAt, entryId: withdrawals.payoutEntryId })
    .from(withdrawals)
    .where(and(eq(withdrawals.operatorId, operatorId), eq(withdrawals.status, "paid"), gte(withdrawals.decidedAt, from), lte(withdrawals.decidedAt, to)));
  for (const w of paid) {
    items.push({ id: `withdrawal:${w.id}`, ...(w.reference ? { reference: w.reference } : {}), amountCny: money(w.amount).negated(), date: beijingDate(w.decidedAt!), entryIds: w.entryId ? [w.entryId] : [], label: `提现 ${w.reference ?? ""}`.trim() });
  }
  const disbursed = await db
    .select({ id: loanDisbursements.id, amount: loanDisbursements.amount, at: loanDisbursements.disbursedAt, entryIds: loanDisbursements.entryIds, storeId: loanDisbursements.storeId })
    .from(loanDisbursements)
    .where(and(eq(loanDisbursements.operatorId, operatorId), gte(loanDisbursements.disbursedAt, from), lte(loanDisbursements.disbursedAt, to)));
  for (const d of disbursed.filter((row) => row.storeId === null)) {
    items.push({ id: `disbursement:${d.id}`, amountCny: money(d.amount).negated(), date: beijingDate(d.at), entryIds: d.entryIds as string[], label: `放款 ${d.id.slice(0, 8)}` });
  }
  const cashUps = await db
    .select({ id: storeCashUps.id, storeCode: stores.code, businessDate: storeCashUps.businessDate, repaymentTotal: storeCashUps.repaymentTotal, topUpTotal: storeCashUps.topUpTotal, entryId: storeCashUps.entryId })
    .from(storeCashUps)
    .innerJoin(stores, eq(stores.id, storeCashUps.storeId))
    .where(and(eq(storeCashUps.operatorId, operatorId), gte(storeCashUps.businessDate, range.fromDate), lte(storeCashUps.businessDate, range.toDate)));
  for (const c of cashUps) {
    const total: Decimal = money(c.repaymentTotal).plus(c.topUpTotal);
    if (total.isZero()) continue;
    items.push({ id: `cash-up:${c.id}`, amountCny: total, date: c.businessDate, entryIds: c.entryId ? [c.entryId] : [], label: `门店日结缴存 ${c.storeCode} ${c.businessDate}` });
  }
  return items;
}
