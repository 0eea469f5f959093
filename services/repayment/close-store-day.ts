import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { loanDisbursements, repayments, storeCashTopUps, storeCashUps, stores, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { maskPhone } from "../shared/mask-phone";
import { chart, openAccount, postEntry } from "../ledger";
import { Cny } from "../ledger/money";
import { addDays, beijingDate, isAskableDate, startOfBeijingDay } from "../shared/calendar";
import { toCsv } from "../shared/csv";
import { DomainError } from "../shared/errors";
import type { Store } from "../stores";
import { STORE_CASH_COLUMNS } from "./channels/store-cash/store-cash-statement";
import { lockStoreDay, requireClerkStore } from "./take-store-repayment";

export type StoreCashUp = typeof storeCashUps.$inferSelect;

export interface StoreCashLine {
  id: string;
  kind: "REPAYMENT" | "TOP_UP";
  receiptNo: string;
  amount: string;
  at: Date;
  clerkPhoneMasked: string;
  /** The repayment's or top-up's own page (receipt). */
  loanId: string | null;
}

export interface StoreDay {
  store: Store;
  businessDate: string;
  lines: StoreCashLine[];
  repaymentCount: number;
  repaymentTotal: string;
  topUpCount: number;
  topUpTotal: string;
  /** Loans paid out in cash over the counter (the store's drawer pays them). */
  disbursementCount: number;
  disbursementTotal: string;
  /** Cash to hand to custody: taken less paid out; negative when custody owes the store (its drawer paid more loans than it took). */
  total: string;
  cashUp: StoreCashUp | null;
}

/** Everything one store took in cash on one Beijing business day, in the order it was taken. */
export async function loadStoreDay(db: DbOrTx, input: { operatorId: string; store: Store; businessDate: string }): Promise<StoreDay> {
  if (!isAskableDate(input.businessDate)) throw new DomainError("repayment.invalid_date", { field: "date" });
  const from = startOfBeijingDay(input.businessDate);
  const to = startOfBeijingDay(addDays(input.businessDate, 1));
  const repaid = await db
    .select({ r: repayments, phone: users.phone })
    .from(repayments)
    .leftJoin(users, eq(users.id, repayments.receivedByUserId))
    .where(and(eq(repayments.operatorId, input.operatorId), eq(repayments.source, "store_cash"), eq(repayments.storeId, input.store.id), gte(repayments.receivedAt, from), lt(repayments.receivedAt, to)))
    .orderBy(asc(repayments.receivedAt), asc(repayments.reference));
  const toppedUp = await db
    .select({ t: storeCashTopUps, phone: users.phone })
    .from(storeCashTopUps)
    .innerJoin(users, eq(users.id, storeCashTopUps.clerkUserId))
    .where(and(eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.storeId, input.store.id), gte(storeCashTopUps.createdAt, from), lt(storeCashTopUps.createdAt, to)))
    .orderBy(asc(storeCashTopUps.createdAt), asc(storeCashTopUps.receiptNo));
  const lines: StoreCashLine[] = [
    ...repaid.map(({ r, phone }) => ({ id: r.id, kind: "REPAYMENT" as const, receiptNo: r.reference, amount: r.amount, at: r.receivedAt, clerkPhoneMasked: phone ? maskPhone(phone) : "", loanId: r.loanId })),
    ...toppedUp.map(({ t, phone }) => ({ id: t.id, kind: "TOP_UP" as const, receiptNo: t.receiptNo, amount: t.amount, at: t.createdAt, clerkPhoneMasked: maskPhone(phone), loanId: null })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.receiptNo.localeCompare(b.receiptNo));
  const sum = (kind: StoreCashLine["kind"]) => lines.filter((l) => l.kind === kind).reduce((t, l) => t.plus(l.amount), new Cny(0));
  const paidOut = await db
    .select({ amount: loanDisbursements.amount })
    .from(loanDisbursements)
    .where(and(eq(loanDisbursements.operatorId, input.operatorId), eq(loanDisbursements.storeId, input.store.id), gte(loanDisbursements.disbursedAt, from), lt(loanDisbursements.disbursedAt, to)));
  const paidOutTotal = paidOut.reduce((t, d) => t.plus(d.amount), new Cny(0));
  const [cashUp] = await db.select().from(storeCashUps).where(and(eq(storeCashUps.storeId, input.store.id), eq(storeCashUps.businessDate, input.businessDate)));
  return {
    store: input.store,
    businessDate: input.businessDate,
    lines,
    repaymentCount: lines.filter((l) => l.kind === "REPAYMENT").length,
    repaymentTotal: sum("REPAYMENT").toFixed(2),
    topUpCount: lines.filter((l) => l.kind === "TOP_UP").length,
    topUpTotal: sum("TOP_UP").toFixed(2),
    disbursementCount: paidOut.length,
    disbursementTotal: paidOutTotal.toFixed(2),
    total: sum("REPAYMENT").plus(sum("TOP_UP")).minus(paidOutTotal).toFixed(2),
    cashUp: cashUp ?? null,
  };
}

/** The clerk's view of their store's day (today unless `date` is given). */
export async function getStoreDay(db: DbOrTx, input: { operatorId: string; clerkUserId: string; date?: string; now?: Date }): Promise<StoreDay> {
  const store = await requireClerkStore(db, input);
  return loadStoreDay(db, { operatorId: input.operatorId, store, businessDate: input.date ?? beijingDate(input.now ?? new Date()) });
}

/**
 * The store's daily cash-up (日结): the day's cash (repayments and cash top-ups, less the
 * loans its drawer paid out) is handed to custody in one entry Dr custody:bank / Cr
 * clearing:store:<store> (key `cash-up:<store>:<date>`; the other way round when the
 * drawer paid out more than it took and custody makes it good), and the day is closed
 * (store_cash_ups); no more cash is taken on it. Closing a closed day changes nothing and
 * returns the first cash-up. A day whose cash nets to zero is closed without an entry.
 */
export async function closeStoreDay(
  db: Db,
  input: { operatorId: string; clerkUserId: string; now?: Date },
): Promise<{ cashUp: StoreCashUp; replayed: boolean }> {
  const now = input.now ?? new Date();
  const store = await requireClerkStore(db, input);
  const businessDate = beijingDate(now);
  return db.transaction(async (tx) => {
    await lockStoreDay(tx, store.id, businessDate);
    const day = await loadStoreDay(tx, { operatorId: input.operatorId, store, businessDate });
    if (day.cashUp) return { cashUp: day.cashUp, replayed: true };
    let entryId: string | null = null;
    if (!new Cny(day.total).isZero()) {
      const custody = await openAccount(tx, { operatorId: input.operatorId, ...chart.custodyBank() });
      const clearing = await openAccount(tx, { operatorId: input.operatorId, ...chart.clearingStore(store.id) });
      const { entry } = await postEntry(tx, {
        operatorId: input.operatorId,
        idempotencyKey: `cash-up:${store.id}:${businessDate}`,
        kind: "store_cash_up",
        memo: `门店日结 ${store.code} ${businessDate}：还款 ${day.repaymentCount} 笔 ${day.repaymentTotal}，充值 ${day.topUpCount} 笔 ${day.topUpTotal}，放款 ${day.disbursementCount} 笔 ${day.disbursementTotal}`,
        // The store's daily cash report is the channel's statement (docs/file-formats.md).
        cause: { type: "statement_line", id: storeCashReportName(store.code, businessDate) },
        postedBy: { userId: input.clerkUserId },
        postings: [
          { accountId: custody.id, amountCny: day.total },
          { accountId: clearing.id, amountCny: new Cny(day.total).negated().toFixed(2) },
        ],
        now,
      });
      entryId = entry.id;
    }
    const [cashUp] = await tx
      .insert(storeCashUps)
      .values({
        operatorId: input.operatorId,
        storeId: store.id,
        businessDate,
        repaymentCount: day.repaymentCount,
        repaymentTotal: day.repaymentTotal,
        topUpCount: day.topUpCount,
        topUpTotal: day.topUpTotal,
        entryId,
        closedByUserId: input.clerkUserId,
        closedAt: now,
      })
      .returning();
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.clerkUserId, action: "store_day.closed", subject: cashUp!.id, details: { store: store.code, date: businessDate, total: day.total } }, now);
    return { cashUp: cashUp!, replayed: false };
  });
}

/** The store cash report's columns: the format the store-cash channel reads (channels/store-cash/store-cash-statement.ts). */
export const STORE_CASH_REPORT_COLUMNS = STORE_CASH_COLUMNS;

/** The store daily cash report (docs/file-formats.md, 营业厅日结): `store-cash-<storeCode>-<YYYYMMDD>.csv`. */
export function storeCashReportCsv(day: StoreDay): { fileName: string; csv: string } {
  const rows = [
    [...STORE_CASH_REPORT_COLUMNS],
    ...day.lines.map((l) => [day.store.code, day.businessDate, l.receiptNo, l.kind, { amount: new Cny(l.amount).toFixed(2) }, l.clerkPhoneMasked]),
  ];
  return { fileName: storeCashReportName(day.store.code, day.businessDate), csv: toCsv(rows) };
}

export function storeCashReportName(storeCode: string, businessDate: string): string {
  return `store-cash-${storeCode}-${businessDate.replaceAll("-", "")}.csv`;
}

export interface StoreDaySummary {
  storeId: string;
  storeCode: string;
  storeNameZh: string;
  businessDate: string;
  repaymentCount: number;
  repaymentTotal: string;
  topUpCount: number;
  topUpTotal: string;
  total: string;
  closedAt: Date | null;
  entryId: string | null;
}

/**
 * Finance's view: each store's business days with cash (or a cash-up), newest first,
 * open days counted live, closed days as they were closed.
 */
export async function listStoreDays(db: DbOrTx, input: { operatorId: string; days?: number; now?: Date }): Promise<StoreDaySummary[]> {
  const now = input.now ?? new Date();
  const since = startOfBeijingDay(beijingDate(new Date(now.getTime() - (input.days ?? 30) * 86_400_000)));
  const storeRows = await db.select().from(stores).where(eq(stores.operatorId, input.operatorId)).orderBy(asc(stores.code));
  const out: StoreDaySummary[] = [];
  for (const store of storeRows) {
    const dates = new Set<string>();
    const repaid = await db
      .select({ at: repayments.receivedAt })
      .from(repayments)
      .where(and(eq(repayments.operatorId, input.operatorId), eq(repayments.source, "store_cash"), eq(repayments.storeId, store.id), gte(repayments.receivedAt, since)));
    const toppedUp = await db
      .select({ at: storeCashTopUps.createdAt })
      .from(storeCashTopUps)
      .where(and(eq(storeCashTopUps.storeId, store.id), gte(storeCashTopUps.createdAt, since)));
    const closed = await db.select({ d: storeCashUps.businessDate }).from(storeCashUps).where(and(eq(storeCashUps.storeId, store.id), gte(storeCashUps.businessDate, beijingDate(since))));
    for (const r of [...repaid, ...toppedUp]) dates.add(beijingDate(r.at));
    for (const c of closed) dates.add(c.d);
    for (const businessDate of [...dates].sort().reverse()) {
      const day = await loadStoreDay(db, { operatorId: input.operatorId, store, businessDate });
      out.push({
        storeId: store.id,
        storeCode: store.code,
        storeNameZh: store.nameZh,
        businessDate,
        repaymentCount: day.cashUp?.repaymentCount ?? day.repaymentCount,
        repaymentTotal: day.cashUp?.repaymentTotal ?? day.repaymentTotal,
        topUpCount: day.cashUp?.topUpCount ?? day.topUpCount,
        topUpTotal: day.cashUp?.topUpTotal ?? day.topUpTotal,
        total: day.cashUp ? new Cny(day.cashUp.repaymentTotal).plus(day.cashUp.topUpTotal).minus(day.disbursementTotal).toFixed(2) : day.total,
        closedAt: day.cashUp?.closedAt ?? null,
        entryId: day.cashUp?.entryId ?? null,
      });
    }
  }
  return out.sort((a, b) => b.businessDate.localeCompare(a.businessDate) || a.storeCode.localeCompare(b.storeCode));
}
