import type Decimal from "decimal.js";
import { and, eq, gte, inArray, isNotNull, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { cardTopUps, ledgerEntries, loanDisbursements, phonebillDeductions, repayments, storeCashTopUps, storeCashUps, stores, withdrawals } from "../../db/schema";
import { Cny } from "../ledger/money";
import { beijingDate, endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import type { Channel } from "./channels";
import type { OurItem } from "./match-lines";

/** One of our items on a channel, with what a person needs to recognise it and the entries that booked it. */
export type OurItemView = OurItem & { label: string; entryIds: string[] };

/**
 * What our books say a channel carried between two Beijing days (inclusive), from the
 * business tables and the ledger entries they point at:
 *
 * - passbook: repayments from a passbook debit (reference = the instruction reference);
 * - phone bill: confirmed deductions (reference = request id, grouped by settlement id);
 * - store cash: cash repayments and cash top-ups (reference = receipt number);
 * - Stripe: card top-ups credited (reference = PaymentIntent id) and their refunds;
 * - custody: withdrawals paid out, disbursements paid from custody and store cash-ups.
 */
export async function listOurItems(
  db: DbOrTx,
  input: { operatorId: string; channel: Channel; fromDate: string; toDate: string },
): Promise<OurItemView[]> {
  const from = startOfBeijingDay(input.fromDate);
  const to = endOfBeijingDay(input.toDate);
  const { operatorId } = input;
  const money = (value: string | null) => new Cny(value ?? "0");
  switch (input.channel) {
    case "passbook_result":
    case "store_cash": {
      const source = input.channel === "passbook_result" ? "passbook_debit" : "store_cash";
      const rows = await db
        .select({ id: repayments.id, reference: repayments.reference, amount: repayments.amount, receivedAt: repayments.receivedAt, entryIds: repayments.entryIds, storeCode: stores.code })
        .from(repayments)
        .leftJoin(stores, eq(stores.id, repayments.storeId))
        .where(and(eq(repayments.operatorId, operatorId), eq(repayments.source, source), gte(repayments.receivedAt, from), lte(repayments.receivedAt, to)));
      const items: OurItemView[] = rows.map((r) => ({
        id: `repayment:${r.id}`,
        reference: r.reference,
        amountCny: money(r.amount),
        date: beijingDate(r.receivedAt),
        entryIds: r.entryIds as string[],
        label: source === "passbook_debit" ? `存折划扣还款 ${r.reference}` : `门店现金还款 ${r.storeCode ?? ""} ${r.reference}`.replace("  ", " "),
      }));
      if (input.channel === "store_cash") {
        const topUps = await db
          .select({ id: storeCashTopUps.id, receiptNo: storeCashTopUps.receiptNo, amount: storeCashTopUps.amount, createdAt: storeCashTopUps.createdAt, entryId: storeCashTopUps.entryId, storeCode: stores.code })
          .from(storeCashTopUps)
          .innerJoin(stores, eq(stores.id, storeCashTopUps.storeId))
          .where(and(eq(storeCashTopUps.operatorId, operatorId), gte(storeCashTopUps.createdAt, from), lte(storeCashTopUps.createdAt, to)));
        for (const t of topUps) {
          items.push({ id: `cash-top-up:${t.id}`, reference: t.receiptNo, amountCny: money(t.amount), date: beijingDate(t.createdAt), entryIds: [t.entryId], label: `门店现金充值 ${t.storeCode} ${t.receiptNo}` });
        }
      }
      return items;
    }
    case "phonebill_settlement": {
      const rows = await db
        .select({ id: phonebillDeductions.id, requestId: phonebillDeductions.requestId, amount: phonebillDeductions.deductedAmount, answeredAt: phonebillDeductions.answeredAt, settlementId: phonebillDeductions.settlementId, entryIds: repayments.entryIds })
        .from(phonebillDeductions)
        .leftJoin(repayments, eq(repayments.id, phonebillDeductions.repaymentId))
        .where(
          and(
            eq(phonebillDeductions.operatorId, operatorId),
            eq(phonebillDeductions.status, "confirmed"),
            isNotNull(phonebillDeductions.answeredAt),
            gte(phonebillDeductions.answeredAt, from),
            lte(phonebillDeductions.answeredAt, to),
          ),
        );
      return rows
        .filter((r) => r.amount !== null && new Cny(r.amount).gt(0))
        .map((r) => ({
          id: `phonebill:${r.id}`,
          reference: r.requestId,
          amountCny: money(r.amount),
          date: beijingDate(r.answeredAt!),
          ...(r.settlementId ? { groupKey: r.settlementId } : {}),
          entryIds: (r.entryIds as string[] | null) ?? [],
          label: `话费划扣 ${r.requestId}`,
        }));
    }
    case "stripe_balance": {
      const rows = await db
        .select({ id: cardTopUps.id, paymentIntentId: cardTopUps.paymentIntentId, amount: cardTopUps.amount, refunded: cardTopUps.refundedAmount, creditEntryId: cardTopUps.creditEntryId, creditedAt: ledgerEntries.createdAt, updatedAt: cardTopUps.updatedAt })
        .from(cardTopUps)
        .innerJoin(ledgerEntries, eq(ledgerEntries.id, cardTopUps.creditEntryId))
        .where(and(eq(cardTopUps.operatorId, operatorId), inArray(cardTopUps.status, ["succeeded", "refunded"]), lte(ledgerEntries.createdAt, to)));
      const items: OurItemView[] = [];
      for (const r of rows) {
        if (r.creditedAt >= from) {
          items.push({ id: `card:${r.id}`, ...(r.paymentIntentId ? { reference: r.paymentIntentId } : {}), amountCny: money(r.amount), date: beijingDate(r.creditedAt), entryIds: [r.creditEntryId!], label: `银行卡充值 ${r.paymentIntentId ?? r.id.slice(0, 8)}` });
        }
        // Refunds: the webhook books the refunded total; the item is dated when it was last booked.
        if (new Cny(r.refunded).gt(0) && r.updatedAt >= from && r.updatedAt <= to) {
          items.push({ id: `card-refund:${r.id}`, amountCny: money(r.refunded).negated(), date: beijingDate(r.updatedAt), entryIds: [], label: `银行卡充值退款 ${r.paymentIntentId ?? r.id.slice(0, 8)}` });
        }
      }
      return items;
    }
    case "custody_statement": {
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
        .where(and(eq(storeCashUps.operatorId, operatorId), gte(storeCashUps.businessDate, input.fromDate), lte(storeCashUps.businessDate, input.toDate)));
      for (const c of cashUps) {
        const total: Decimal = money(c.repaymentTotal).plus(c.topUpTotal);
        if (total.isZero()) continue;
        items.push({ id: `cash-up:${c.id}`, amountCny: total, date: c.businessDate, entryIds: c.entryId ? [c.entryId] : [], label: `门店日结缴存 ${c.storeCode} ${c.businessDate}` });
      }
      return items;
    }
  }
}
