import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { cardTopUps, stripeEvents } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart, openAccount, postEntry } from "../ledger";
import { formatCny } from "../ledger/money";
import { verifyStripeEvent, type Stripe } from "../payments/stripe";
import { isDomainError } from "../shared/errors";
import { cnyFromStripeFen } from "./money-input";
import type { CardTopUp } from "./start-card-top-up";

export const STRIPE_WEBHOOK_ACTOR = { system: "stripe-webhook" } as const;

/** Applies a credited card repayment to its loan in the webhook's transaction; answers the event's outcome. */
export type ApplyCardRepayment = (tx: DbOrTx, input: { topUp: CardTopUp; now: Date }) => Promise<string>;

export type WebhookResult =
  | { status: 400; outcome: "bad_signature" }
  | { status: 200; outcome: string; eventId: string; duplicate: boolean };

/**
 * The Stripe webhook (POST /webhooks/stripe): verifies the signature and timestamp on the
 * raw body, then processes the event exactly once however often Stripe delivers it — the
 * event id is stored in the same transaction as the change it causes, so a redelivery
 * (or a concurrent twin) finds it and changes nothing. A failure rolls both back and
 * Stripe's retry processes the event again.
 *
 * - payment succeeded (`payment_intent.succeeded`, `checkout.session.completed` when paid,
 *   `checkout.session.async_payment_succeeded`): credit the wallet once per top-up,
 *   Dr clearing:card / Cr wallet:available, entry `card-top-up:<id>`, after checking the
 *   amount and currency against the top-up;
 * - payment failed / checkout expired: the top-up is marked so, nothing moves;
 * - `charge.refunded`: the refunded part leaves the wallet (Dr wallet:available / Cr
 *   clearing:card); if the investor has already spent it, nothing is posted and the
 *   shortfall is put in the audit log for finance;
 * - anything else is acknowledged and ignored.
 *
 * A borrower's card repayment (a top-up naming a loan) is credited the same way and then, in
 * the same transaction, handed to `applyCardRepayment` (wired in the app to
 * services/repayment/apply-card-repayment.ts: investing may not import repayment).
 */
export async function handleStripeWebhook(
  db: Db,
  input: { payload: string; signature: string | null; webhookSecret: string; toleranceSeconds?: number; now?: Date; applyCardRepayment?: ApplyCardRepayment },
): Promise<WebhookResult> {
  let event: Stripe.Event;
  try {
    event = verifyStripeEvent(input.payload, input.signature, input.webhookSecret, input.toleranceSeconds ?? 300, input.now);
  } catch {
    return { status: 400, outcome: "bad_signature" };
  }
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, outcome: "processing", receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!fresh) {
      const [seen] = await tx.select({ outcome: stripeEvents.outcome }).from(stripeEvents).where(eq(stripeEvents.id, event.id));
      return { status: 200, outcome: seen?.outcome ?? "duplicate", eventId: event.id, duplicate: true };
    }
    const { outcome, operatorId } = await processEvent(tx, event, now, input.applyCardRepayment);
    await tx.update(stripeEvents).set({ outcome, operatorId }).where(eq(stripeEvents.id, event.id));
    return { status: 200, outcome, eventId: event.id, duplicate: false };
  });
}

type Outcome = { outcome: string; operatorId: string | null };

async function processEvent(tx: DbOrTx, event: Stripe.Event, now: Date, applyCardRepayment: ApplyCardRepayment | undefined): Promise<Outcome> {
  // The SDK types each event; we read the few fields we need defensively.
  const object = event.data.object as unknown as Record<string, unknown>;
  const metadata = (object.metadata ?? {}) as Record<string, string | undefined>;
  switch (event.type) {
    case "payment_intent.succeeded":
      return credit(tx, event, { topUpId: metadata.topUpId, fen: object.amount_received, currency: object.currency, paymentIntentId: String(object.id) }, now, applyCardRepayment);
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      if (object.payment_status !== "paid") return { outcome: "ignored_unpaid", operatorId: null };
      return credit(
        tx,
        event,
        {
          topUpId: metadata.topUpId ?? (object.client_reference_id as string | undefined),
          fen: object.amount_total,
          currency: object.currency,
          paymentIntentId: typeof object.payment_intent === "string" ? object.payment_intent : null,
        },
        now,
        applyCardRepayment,
      );
    case "payment_intent.payment_failed":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const topUp = await lockTopUp(tx, metadata.topUpId ?? (object.client_reference_id as string | undefined));
      if (!topUp) return { outcome: "unknown_top_up", operatorId: null };
      if (topUp.status !== "open") return { outcome: `ignored_${topUp.status}`, operatorId: topUp.operatorId };
      const status = event.type === "checkout.session.expired" ? ("expired" as const) : ("failed" as const);
      const error = object.last_payment_error as { message?: string } | undefined;
      await tx
        .update(cardTopUps)
        .set({ status, failureMessage: error?.message?.slice(0, 300) ?? null, updatedAt: now })
        .where(eq(cardTopUps.id, topUp.id));
      await recordAudit(tx, { operatorId: topUp.operatorId, actorUserId: null, action: `card_top_up.${status}`, subject: topUp.id, details: { event: event.id } }, now);
      return { outcome: status, operatorId: topUp.operatorId };
    }
    case "charge.refunded":
      return refund(tx, event, object, now);
    default:
      return { outcome: "ignored", operatorId: null };
  }
}

async function lockTopUp(tx: DbOrTx, topUpId: string | undefined | null) {
  if (!topUpId || !/^[0-9a-f-]{36}$/i.test(topUpId)) return null;
  const [row] = await tx.select().from(cardTopUps).where(eq(cardTopUps.id, topUpId)).for("update");
  return row ?? null;
}

async function credit(
  tx: DbOrTx,
  event: Stripe.Event,
  paid: { topUpId: string | undefined | null; fen: unknown; currency: unknown; paymentIntentId: string | null },
  now: Date,
  applyCardRepayment?: ApplyCardRepayment,
): Promise<Outcome> {
  const topUp = await lockTopUp(tx, paid.topUpId);
  if (!topUp) return { outcome: "unknown_top_up", operatorId: null };
  if (topUp.status === "succeeded" || topUp.status === "refunded") return { outcome: "already_credited", operatorId: topUp.operatorId };
  const amount = cnyFromStripeFen(paid.fen);
  if (!amount || paid.currency !== "cny" || !amount.eq(topUp.amount)) {
    // Money arrived that does not match what we asked for: finance looks at it; the wallet is not credited.
    await recordAudit(
      tx,
      { operatorId: topUp.operatorId, actorUserId: null, action: "card_top_up.amount_mismatch", subject: topUp.id, details: { event: event.id, fen: String(paid.fen), currency: String(paid.currency), expected: topUp.amount } },
      now,
    );
    return { outcome: "amount_mismatch", operatorId: topUp.operatorId };
  }
  const clearing = await openAccount(tx, { operatorId: topUp.operatorId, ...chart.clearingCard() });
  const wallet = await openAccount(tx, { operatorId: topUp.operatorId, ...chart.walletAvailable(topUp.userId) });
  const { entry } = await postEntry(tx, {
    operatorId: topUp.operatorId,
    idempotencyKey: `card-top-up:${topUp.id}`,
    kind: "top_up",
    memo: "银行卡充值 Card top-up (Stripe)",
    cause: { type: "top_up", id: topUp.id },
    postedBy: STRIPE_WEBHOOK_ACTOR,
    postings: [
      { accountId: clearing.id, amountCny: formatCny(amount) },
      { accountId: wallet.id, amountCny: formatCny(amount.negated()) },
    ],
    now,
  });
  const [credited] = await tx
    .update(cardTopUps)
    .set({ status: "succeeded", creditEntryId: entry.id, paymentIntentId: topUp.paymentIntentId ?? paid.paymentIntentId, failureMessage: null, updatedAt: now })
    .where(eq(cardTopUps.id, topUp.id))
    .returning();
  await recordAudit(tx, { operatorId: topUp.operatorId, actorUserId: null, action: "card_top_up.credited", subject: topUp.id, details: { event: event.id, entryId: entry.id, amount: topUp.amount } }, now);
  if (credited!.loanId && applyCardRepayment) return { outcome: await applyCardRepayment(tx, { topUp: credited!, now }), operatorId: topUp.operatorId };
  return { outcome: "credited", operatorId: topUp.operatorId };
}

async function refund(tx: DbOrTx, event: Stripe.Event, charge: Record<string, unknown>, now: Date): Promise<Outcome> {
  const metadata = (charge.metadata ?? {}) as Record<string, string | undefined>;
  let topUp = await lockTopUp(tx, metadata.topUpId);
  if (!topUp && typeof charge.payment_intent === "string") {
    const [byIntent] = await tx.select().from(cardTopUps).where(eq(cardTopUps.paymentIntentId, charge.payment_intent)).for("update");
    topUp = byIntent ?? null;
  }
  if (!topUp) return { outcome: "unknown_top_up", operatorId: null };
  if (topUp.status !== "succeeded" && topUp.status !== "refunded") return { outcome: `ignored_${topUp.status}`, operatorId: topUp.operatorId };
  const refundedTotal = cnyFromStripeFen(charge.amount_refunded);
  if (!refundedTotal || charge.currency !== "cny" || refundedTotal.gt(topUp.amount)) {
    await recordAudit(tx, { operatorId: topUp.operatorId, actorUserId: null, action: "card_top_up.refund_mismatch", subject: topUp.id, details: { event: event.id } }, now);
    return { outcome: "refund_mismatch", operatorId: topUp.operatorId };
  }
  const delta = refundedTotal.minus(topUp.refundedAmount);
  if (delta.lte(0)) return { outcome: "refund_already_applied", operatorId: topUp.operatorId };
  const clearing = await openAccount(tx, { operatorId: topUp.operatorId, ...chart.clearingCard() });
  const wallet = await openAccount(tx, { operatorId: topUp.operatorId, ...chart.walletAvailable(topUp.userId) });
  try {
    await postEntry(tx, {
      operatorId: topUp.operatorId,
      idempotencyKey: `card-top-up:${topUp.id}:refunded-to:${formatCny(refundedTotal)}`,
      kind: "top_up_refund",
      memo: "银行卡充值退款 Card top-up refunded (Stripe)",
      cause: { type: "top_up", id: topUp.id },
      postedBy: STRIPE_WEBHOOK_ACTOR,
      postings: [
        { accountId: wallet.id, amountCny: formatCny(delta) },
        { accountId: clearing.id, amountCny: formatCny(delta.negated()) },
      ],
      now,
    });
  } catch (error) {
    if (!isDomainError(error) || error.code !== "ledger.insufficient_funds") throw error;
    // The investor already invested or withdrew the money Stripe gave back: nothing can be
    // taken from the wallet; finance recovers it (the audit entry says how much).
    await recordAudit(
      tx,
      { operatorId: topUp.operatorId, actorUserId: null, action: "card_top_up.refund_shortfall", subject: topUp.id, details: { event: event.id, amount: formatCny(delta) } },
      now,
    );
    return { outcome: "refund_shortfall", operatorId: topUp.operatorId };
  }
  const full = refundedTotal.eq(topUp.amount);
  await tx
    .update(cardTopUps)
    .set({ refundedAmount: formatCny(refundedTotal), ...(full ? { status: "refunded" as const } : {}), updatedAt: now })
    .where(eq(cardTopUps.id, topUp.id));
  await recordAudit(tx, { operatorId: topUp.operatorId, actorUserId: null, action: "card_top_up.refunded", subject: topUp.id, details: { event: event.id, amount: formatCny(delta) } }, now);
  return { outcome: full ? "refunded" : "partially_refunded", operatorId: topUp.operatorId };
}

