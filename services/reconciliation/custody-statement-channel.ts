import type Decimal from "decimal.js";
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerAccounts, ledgerEntries, ledgerPostings, loanDisbursements, statementImports, storeCashUps, stores, withdrawals } from "../../db/schema";
import { queryRows } from "../ledger/db-helpers";
import { chart } from "../ledger/chart";
import { Cny, formatCny } from "../ledger/money";
import { beijingDate, startOfBeijingDay } from "../shared/calendar";
import { toCsv } from "../shared/csv";
import { itemRange } from "../statements/day-range";
import { defineStatementChannel, type GeneratedStatement, type ItemRange, type OurItemView } from "../statements/statement-channel";
import { bookCustodySettlements, listCustodySettlements, sandboxCustodySettlements } from "../custody";
import { CUSTODY_STATEMENT_COLUMNS, parseCustodyStatement } from "./parse-custody-statement";
import type { CustodyStatementLine } from "./types";

/**
 * The custody bank's statement, signed by direction (DR is negative), against withdrawals
 * paid out, disbursements paid from custody, store cash-ups and the settlements it booked
 * itself on import (services/custody: passbook sweeps, Stripe payouts, phone-bill
 * settlements). Its sign-off checks the custody account itself, and against the bank's
 * closing balance (the day's last 余额).
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
  bookOnImport: (tx, input) => bookCustodySettlements(tx, input),
  closingBalance: custodyClosingBalance,
  sandboxStatements: async (db, input) => [await sandboxCustodyStatement(db, input)],
});

/** The name of the sandbox bank's statement file of a Beijing date (one a day; the simulator checks a day's end by it). */
export function sandboxCustodyStatementFileName(date: string): string {
  return `custody-statement-${date.replace(/-/g, "")}.csv`;
}

/**
 * The sandbox bank's statement of a day: our own custody items not booked from a statement
 * (payouts, cash-ups), then the settlements the sandbox parties pay in that day, each line
 * with the balance after it, starting from the custody account's balance at the day's start.
 */
async function sandboxCustodyStatement(db: DbOrTx, { operatorId, date }: { operatorId: string; date: string }): Promise<GeneratedStatement> {
  const compact = date.replace(/-/g, "");
  const own = (await listCustodyItems(db, itemRange(operatorId, date))).filter((i) => !i.id.startsWith("settlement:"));
  const settlements = await sandboxCustodySettlements(db, { operatorId, date });
  const lines = [
    ...settlements.map((s) => ({ reference: s.reference, amountCny: s.amountCny, counterparty: s.counterparty, memo: s.memo })),
    ...own.map((i) => ({ reference: i.reference ?? `BK${compact}${i.id.slice(i.id.indexOf(":") + 1, i.id.indexOf(":") + 9)}`, amountCny: i.amountCny, counterparty: "沙箱", memo: i.label })),
  ];
  let balance = await custodyBalanceBefore(db, operatorId, startOfBeijingDay(date));
  const rows = lines.map((l) => {
    balance = balance.plus(l.amountCny);
    return [date, l.reference, l.amountCny.isNegative() ? "DR" : "CR", { amount: formatCny(l.amountCny.abs()) }, l.counterparty, l.memo, { amount: formatCny(balance) }];
  });
  return { source: "custody_statement", fileName: sandboxCustodyStatementFileName(date), bytes: new TextEncoder().encode(toCsv([[...CUSTODY_STATEMENT_COLUMNS], ...rows])) };
}

/** custody:bank as booked before an instant (the sandbox bank's opening balance for a day). */
async function custodyBalanceBefore(db: DbOrTx, operatorId: string, before: Date): Promise<Decimal> {
  const [row] = await queryRows<{ amount: string | null }>(
    db,
    sql`select sum(p.amount)::text as amount from ledger_postings p join ledger_accounts a on a.id = p.account_id
         where a.operator_id = ${operatorId}::uuid and a.code = ${chart.custodyBank().code} and p.created_at < ${before.toISOString()}::timestamptz`,
  );
  return new Cny(row?.amount ?? "0");
}

/**
 * The bank's closing balance for a day: the balance after the day's last line, from the
 * latest imported statement with a line on that day (read again by the one reader).
 */
async function custodyClosingBalance(db: DbOrTx, { operatorId, date }: { operatorId: string; date: string }): Promise<Decimal | null> {
  const files = await db
    .select({ bytes: statementImports.fileBytes })
    .from(statementImports)
    .where(and(eq(statementImports.operatorId, operatorId), eq(statementImports.source, "custody_statement"), lte(statementImports.firstDate, date), gte(statementImports.lastDate, date)))
    .orderBy(desc(statementImports.importedAt))
    .limit(1);
  if (!files[0]) return null;
  const lines = parseCustodyStatement(files[0].bytes).filter((l) => l.valueDate === date);
  return lines.at(-1)?.balanceCny ?? null;
}

async function listCustodyItems(db: DbOrTx, range: ItemRange): Promise<OurItemView[]> {
  const { operatorId, from, to } = range;
  const money = (value: string | null) => new Cny(value ?? "0");
  const items: OurItemView[] = [];
  // A withdrawal leaves custody when the bank's result books it paid (its payout entry), not when finance approved it.
  const paid = await db
    .select({ id: withdrawals.id, amount: withdrawals.amount, reference: withdrawals.payoutReference, paidAt: ledgerEntries.createdAt, entryId: withdrawals.payoutEntryId })
    .from(withdrawals)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, withdrawals.payoutEntryId))
    .where(and(eq(withdrawals.operatorId, operatorId), eq(withdrawals.status, "paid"), gte(ledgerEntries.createdAt, from), lte(ledgerEntries.createdAt, to)));
  for (const w of paid) {
    items.push({ id: `withdrawal:${w.id}`, ...(w.reference ? { reference: w.reference } : {}), amountCny: money(w.amount).negated(), date: beijingDate(w.paidAt), entryIds: w.entryId ? [w.entryId] : [], label: `提现 ${w.reference ?? ""}`.trim() });
  }
  const disbursed = await db
    .select({ id: loanDisbursements.id, amount: loanDisbursements.amount, at: loanDisbursements.disbursedAt, entryIds: loanDisbursements.entryIds, storeId: loanDisbursements.storeId })
    .from(loanDisbursements)
    .where(and(eq(loanDisbursements.operatorId, operatorId), gte(loanDisbursements.disbursedAt, from), lte(loanDisbursements.disbursedAt, to)));
  for (const d of disbursed.filter((row) => row.storeId === null)) {
    items.push({ id: `disbursement:${d.id}`, amountCny: money(d.amount).negated(), date: beijingDate(d.at), entryIds: d.entryIds as string[], label: `放款 ${d.id.slice(0, 8)}` });
  }
  // A cash-up hands custody the store's net cash (taken less loans paid over the counter): the entry's custody posting, signed.
  const cashUps = await db
    .select({ id: storeCashUps.id, storeCode: stores.code, businessDate: storeCashUps.businessDate, entryId: storeCashUps.entryId, amount: ledgerPostings.amount })
    .from(storeCashUps)
    .innerJoin(stores, eq(stores.id, storeCashUps.storeId))
    .innerJoin(ledgerPostings, eq(ledgerPostings.entryId, storeCashUps.entryId))
    .innerJoin(ledgerAccounts, and(eq(ledgerAccounts.id, ledgerPostings.accountId), eq(ledgerAccounts.code, chart.custodyBank().code)))
    .where(and(eq(storeCashUps.operatorId, operatorId), gte(storeCashUps.businessDate, range.fromDate), lte(storeCashUps.businessDate, range.toDate)));
  for (const c of cashUps) {
    items.push({ id: `cash-up:${c.id}`, amountCny: money(c.amount), date: c.businessDate, entryIds: c.entryId ? [c.entryId] : [], label: `门店日结缴存 ${c.storeCode} ${c.businessDate}` });
  }
  items.push(...(await listCustodySettlements(db, range)));
  return items;
}
