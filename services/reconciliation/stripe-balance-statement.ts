import Decimal from "decimal.js";
import { and, eq, inArray, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { cardTopUps, ledgerEntries } from "../../db/schema";
import { chart } from "../ledger/chart";
import { Cny, formatCny } from "../ledger/money";
import { beijingDate, startOfBeijingDay } from "../shared/calendar";
import { toCsv } from "../shared/csv";
import { itemRange } from "../statements/day-range";
import { defineStatementChannel, type GeneratedStatement, type ItemRange, type OurItemView } from "../statements/statement-channel";
import { listCustodySettlements, sandboxCustodySettlements, settlementKindOf } from "../custody";
import { parseStripeBalance, STRIPE_BALANCE_COLUMNS } from "./parse-stripe-balance";

/** The sandbox Stripe pays the day's card money out at 23:00 Beijing time, before the bank's statement is cut. */
const SANDBOX_PAYOUT_HOUR = 23;
import type { StripeBalanceLine } from "./types";

/**
 * Stripe's balance transactions (card top-ups): each transaction, reference = its Source
 * (ch_…, re_…, po_…), gross with the fee beside it, dated on the Beijing day it was
 * created; against card top-ups credited (reference = PaymentIntent id) and their refunds.
 * Stripe's CSV names a charge by its charge id, which we do not keep: only a PaymentIntent
 * id (the API import writes it) can match ours by reference.
 */
export const STRIPE_BALANCE_STATEMENT = defineStatementChannel<StripeBalanceLine>({
  source: "stripe_balance",
  columns: STRIPE_BALANCE_COLUMNS,
  read: parseStripeBalance,
  storedLines: (lines) =>
    lines.map((l) => ({ lineNo: l.line, raw: l.raw, reference: l.sourceId || null, amount: l.amountCny, fee: l.feeCny, date: beijingDate(l.createdAt), kind: l.type, groupKey: null })),
  theirLines: (lines, fileId) =>
    lines.map((line) => ({
      id: `${fileId}:${line.line}`,
      source: "stripe_balance",
      ...(line.sourceId !== "" && { reference: line.sourceId }),
      amountCny: line.amountCny,
      feeCny: line.feeCny,
      date: beijingDate(line.createdAt),
      kind: line.type,
      raw: line.raw,
    })),
  listOurItems: async (db, range) => [...(await listCardTopUps(db, range)), ...(await listStripePayouts(db, range))],
  clearing: { code: chart.clearingCard().code },
  feeAccount: chart.clearingCard(),
  comparableReference: (reference) => reference.startsWith("pi_") || reference.startsWith("po_"),
  sandboxStatements: async (db, input) => [await sandboxBalance(db, input)],
});

async function listCardTopUps(db: DbOrTx, range: ItemRange): Promise<OurItemView[]> {
  const rows = await db
    .select({ id: cardTopUps.id, paymentIntentId: cardTopUps.paymentIntentId, amount: cardTopUps.amount, refunded: cardTopUps.refundedAmount, creditEntryId: cardTopUps.creditEntryId, creditedAt: ledgerEntries.createdAt, updatedAt: cardTopUps.updatedAt })
    .from(cardTopUps)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, cardTopUps.creditEntryId))
    .where(and(eq(cardTopUps.operatorId, range.operatorId), inArray(cardTopUps.status, ["succeeded", "refunded"]), lte(ledgerEntries.createdAt, range.to)));
  const items: OurItemView[] = [];
  for (const r of rows) {
    if (r.creditedAt >= range.from) {
      items.push({ id: `card:${r.id}`, ...(r.paymentIntentId ? { reference: r.paymentIntentId } : {}), amountCny: new Cny(r.amount), date: beijingDate(r.creditedAt), entryIds: [r.creditEntryId!], label: `银行卡充值 ${r.paymentIntentId ?? r.id.slice(0, 8)}` });
    }
    // Refunds: the webhook books the refunded total; the item is dated when it was last booked.
    if (new Cny(r.refunded).gt(0) && r.updatedAt >= range.from && r.updatedAt <= range.to) {
      items.push({ id: `card-refund:${r.id}`, amountCny: new Cny(r.refunded).negated(), date: beijingDate(r.updatedAt), entryIds: [], label: `银行卡充值退款 ${r.paymentIntentId ?? r.id.slice(0, 8)}` });
    }
  }
  return items;
}

/** Stripe payouts the custody statement showed arriving (services/custody): out of the card balance, reference = the payout id. */
async function listStripePayouts(db: DbOrTx, range: ItemRange): Promise<OurItemView[]> {
  const settled = await listCustodySettlements(db, range);
  return settled
    .filter((s) => settlementKindOf(s.reference!, new Set()) === "card_payout")
    .map((s) => ({ ...s, id: `payout:${s.id.slice(s.id.indexOf(":") + 1)}`, amountCny: s.amountCny.negated(), label: `Stripe 结算到账 ${s.reference}` }));
}

/** Stripe's balance transactions for a day as the sandbox would export them (Source = the PaymentIntent id), and the day's payout. */
async function sandboxBalance(db: DbOrTx, input: { operatorId: string; date: string }): Promise<GeneratedStatement> {
  const { date } = input;
  const compact = date.replace(/-/g, "");
  const card = await listCardTopUps(db, itemRange(input.operatorId, date));
  const topUpIds = card.map((i) => i.id.slice(i.id.indexOf(":") + 1));
  const times = topUpIds.length
    ? await db
        .select({ id: cardTopUps.id, creditedAt: ledgerEntries.createdAt, updatedAt: cardTopUps.updatedAt })
        .from(cardTopUps)
        .innerJoin(ledgerEntries, eq(ledgerEntries.id, cardTopUps.creditEntryId))
        .where(inArray(cardTopUps.id, topUpIds))
    : [];
  const stripeTime = (at: Date) => at.toISOString().slice(0, 19).replace("T", " ");
  const amount = (d: Decimal) => ({ amount: formatCny(d) });
  const rows = card.map((i, n) => {
    const topUpId = i.id.slice(i.id.indexOf(":") + 1);
    const row = times.find((t) => t.id === topUpId);
    const refund = i.id.startsWith("card-refund:");
    const created = stripeTime((refund ? row?.updatedAt : row?.creditedAt) ?? startOfBeijingDay(date));
    return [`txn_sandbox_${compact}_${n + 1}`, refund ? "refund" : "charge", refund ? `re_sandbox_${topUpId.slice(0, 8)}` : (i.reference ?? ""), amount(i.amountCny), amount(new Decimal(0)), amount(i.amountCny), "cny", created, created, refund ? "退款" : "充值"];
  });
  const paidAt = stripeTime(new Date(startOfBeijingDay(date).getTime() + SANDBOX_PAYOUT_HOUR * 3_600_000));
  const payouts = (await sandboxCustodySettlements(db, input)).filter((l) => settlementKindOf(l.reference, new Set()) === "card_payout");
  for (const [n, payout] of payouts.entries()) {
    rows.push([`txn_sandbox_${compact}_payout_${n + 1}`, "payout", payout.reference, amount(payout.amountCny.negated()), amount(new Decimal(0)), amount(payout.amountCny.negated()), "cny", paidAt, paidAt, "结算到存管账户"]);
  }
  return { source: "stripe_balance", fileName: `stripe-balance-${compact}.csv`, bytes: new TextEncoder().encode(toCsv([[...STRIPE_BALANCE_COLUMNS], ...rows])) };
}
