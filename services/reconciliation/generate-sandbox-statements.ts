import Decimal from "decimal.js";
import { and, eq, gte, inArray, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { cardTopUps, ledgerEntries, phonebillDeductions } from "../../db/schema";
import { formatCny } from "../ledger/money";
import { toCsv, type CsvCell } from "../shared/csv";
import { endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import { listOurItems } from "./list-our-items";
import { CUSTODY_STATEMENT_COLUMNS } from "./parse-custody-statement";
import { PASSBOOK_RESULT_COLUMNS } from "./parse-passbook-result";
import { PHONEBILL_SETTLEMENT_COLUMNS } from "./parse-phonebill-settlement";
import { STORE_CASH_COLUMNS } from "./parse-store-cash";
import { STRIPE_BALANCE_COLUMNS } from "./parse-stripe-balance";
import type { StatementSource } from "./types";
import { maskPhone } from "../shared/mask-phone";

export interface GeneratedStatement {
  source: StatementSource;
  fileName: string;
  bytes: Uint8Array;
}

/** The sandbox operator's commission on phone-bill deductions (2%, rounded half up to the fen). */
export const SANDBOX_PHONEBILL_COMMISSION_RATE = new Decimal("0.02");

/**
 * The files the sandbox parties would send for one Beijing day, written from our own
 * records of what the sandbox bank, operator, stores and Stripe did (they keep no books
 * of their own): passbook debit results, the phone-bill settlement, one cash report per
 * store, Stripe's balance transactions (Source = the PaymentIntent id, as the API import
 * writes it) and the custody statement. Empty days give no file for the two formats that
 * cannot be empty (passbook result, phone-bill settlement).
 */
export async function generateSandboxStatements(db: DbOrTx, input: { operatorId: string; date: string }): Promise<GeneratedStatement[]> {
  const { operatorId, date } = input;
  const compact = date.replace(/-/g, "");
  const files: GeneratedStatement[] = [];
  const range = { operatorId, fromDate: date, toDate: date };
  const csv = (header: readonly string[], rows: CsvCell[][]) => new TextEncoder().encode(toCsv([[...header], ...rows]));
  const amount = (d: Decimal) => ({ amount: formatCny(d) });

  const passbook = await listOurItems(db, { ...range, channel: "passbook_result" });
  if (passbook.length > 0) {
    files.push({
      source: "passbook_result",
      fileName: `passbook-result-sandbox-${compact}-1.csv`,
      bytes: csv(PASSBOOK_RESULT_COLUMNS, passbook.map((i) => [i.reference!, "SUCCESS", amount(i.amountCny), i.date, "扣款成功"])),
    });
  }

  const deductions = await db
    .select()
    .from(phonebillDeductions)
    .where(and(eq(phonebillDeductions.operatorId, operatorId), eq(phonebillDeductions.status, "confirmed"), gte(phonebillDeductions.answeredAt, startOfBeijingDay(date)), lte(phonebillDeductions.answeredAt, endOfBeijingDay(date))));
  const phonebillItems = await listOurItems(db, { ...range, channel: "phonebill_settlement" });
  if (phonebillItems.length > 0) {
    const phoneOf = new Map(deductions.map((d) => [d.requestId, d.phone]));
    files.push({
      source: "phonebill_settlement",
      fileName: `phonebill-settlement-sandbox-${compact}.csv`,
      bytes: csv(
        PHONEBILL_SETTLEMENT_COLUMNS,
        phonebillItems.map((i) => {
          const commission = i.amountCny.times(SANDBOX_PHONEBILL_COMMISSION_RATE).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
          const phone = phoneOf.get(i.reference!) ?? "13800000000";
          return [i.groupKey ?? `ST-SANDBOX-${compact}`, i.reference!, maskPhone(phone), amount(i.amountCny), amount(commission), amount(i.amountCny.minus(commission)), i.date];
        }),
      ),
    });
  }

  const cash = await listOurItems(db, { ...range, channel: "store_cash" });
  const byStore = new Map<string, typeof cash>();
  for (const item of cash) {
    const store = /^(?:门店现金还款|门店现金充值) (\S+) /.exec(item.label)?.[1] ?? "S000";
    byStore.set(store, [...(byStore.get(store) ?? []), item]);
  }
  for (const [store, items] of [...byStore.entries()].sort()) {
    files.push({
      source: "store_cash",
      fileName: `store-cash-${store}-${compact}.csv`,
      bytes: csv(STORE_CASH_COLUMNS, items.map((i) => [store, date, i.reference!, i.id.startsWith("cash-top-up:") ? "TOP_UP" : "REPAYMENT", amount(i.amountCny), "138****0000"])),
    });
  }

  const card = await listOurItems(db, { ...range, channel: "stripe_balance" });
  const topUpIds = card.map((i) => i.id.slice(i.id.indexOf(":") + 1));
  const times = topUpIds.length
    ? await db
        .select({ id: cardTopUps.id, creditedAt: ledgerEntries.createdAt, updatedAt: cardTopUps.updatedAt })
        .from(cardTopUps)
        .innerJoin(ledgerEntries, eq(ledgerEntries.id, cardTopUps.creditEntryId))
        .where(inArray(cardTopUps.id, topUpIds))
    : [];
  const stripeTime = (at: Date) => at.toISOString().slice(0, 19).replace("T", " ");
  files.push({
    source: "stripe_balance",
    fileName: `stripe-balance-${compact}.csv`,
    bytes: csv(
      STRIPE_BALANCE_COLUMNS,
      card.map((i, n) => {
        const topUpId = i.id.slice(i.id.indexOf(":") + 1);
        const row = times.find((t) => t.id === topUpId);
        const refund = i.id.startsWith("card-refund:");
        const at = refund ? row?.updatedAt : row?.creditedAt;
        const created = stripeTime(at ?? startOfBeijingDay(date));
        return [`txn_sandbox_${compact}_${n + 1}`, refund ? "refund" : "charge", refund ? `re_sandbox_${topUpId.slice(0, 8)}` : (i.reference ?? ""), amount(i.amountCny), amount(new Decimal(0)), amount(i.amountCny), "cny", created, created, refund ? "退款" : "充值"];
      }),
    ),
  });

  const custody = await listOurItems(db, { ...range, channel: "custody_statement" });
  files.push({
    source: "custody_statement",
    fileName: `custody-statement-${compact}.csv`,
    bytes: csv(
      CUSTODY_STATEMENT_COLUMNS,
      custody.map((i) => [i.date, i.reference ?? `BK${compact}${i.id.slice(i.id.indexOf(":") + 1, i.id.indexOf(":") + 9)}`, i.amountCny.isNegative() ? "DR" : "CR", amount(i.amountCny.abs()), "沙箱", i.label]),
    ),
  });
  return files;
}
