import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { auditLog, cardTopUps, ledgerEntries, stripeEvents } from "../../db/schema";
import { checkLedger } from "../ledger";
import { createStripeClient, stripeCardCheckout } from "../payments/stripe";
import { startFakeStripeApi, type FakeStripeApi } from "../payments/testing/fake-stripe-api";
import { DomainError } from "../shared/errors";
import { handleStripeWebhook } from "./handle-stripe-webhook";
import { invest } from "./invest";
import { startCardTopUp } from "./start-card-top-up";
import { createInvestor, createMarket, listLoan, type Market } from "./test-fixtures";
import { getWallet } from "./get-wallet";

const WEBHOOK_SECRET = "whsec_test_secret_for_the_portal";
let fake: FakeStripeApi;

beforeAll(async () => {
  fake = await startFakeStripeApi();
});
afterAll(async () => {
  await fake.close();
});

function signed(event: object, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  return { payload, signature };
}

function event(type: string, object: Record<string, unknown>, id = `evt_${randomUUID().replace(/-/g, "")}`) {
  return { id, object: "event", type, api_version: "2026-10-28.endive", created: Math.floor(Date.now() / 1000), livemode: false, data: { object } };
}

const paymentIntent = (topUpId: string, fen: number, extra: Record<string, unknown> = {}) => ({
  id: `pi_${randomUUID().replace(/-/g, "")}`,
  object: "payment_intent",
  amount: fen,
  amount_received: fen,
  currency: "cny",
  status: "succeeded",
  metadata: { topUpId },
  ...extra,
});

describeEachDatabase("card top-up through Stripe", (ctx) => {
  let market: Market;
  const checkout = () => stripeCardCheckout(createStripeClient({ secretKey: "sk_test_portal", apiBase: fake.origin }));
  const deliver = (body: { payload: string; signature: string }, now?: Date) =>
    handleStripeWebhook(ctx.db, { payload: body.payload, signature: body.signature, webhookSecret: WEBHOOK_SECRET, ...(now ? { now } : {}) });
  const open = async (userId: string, amount = "500.00") =>
    (await startCardTopUp(ctx.db, checkout(), {
      operatorId: market.operatorId,
      userId,
      amount,
      idempotencyKey: randomUUID(),
      successUrl: (id) => `http://portal.test/top-ups/${id}`,
      cancelUrl: (id) => `http://portal.test/top-ups/${id}?cancelled=1`,
    })).topUp;
  const available = async (userId: string) => (await getWallet(ctx.db, { operatorId: market.operatorId, userId })).availableCny.toFixed(2);

  beforeAll(async () => {
    market = await createMarket(ctx.db);
  });

  it("opens a hosted checkout in CNY through the Stripe SDK, once per form submit", async () => {
    const userId = await createInvestor(ctx.db, market);
    const key = randomUUID();
    const input = { operatorId: market.operatorId, userId, amount: "1,234.50", idempotencyKey: key, successUrl: (id: string) => `http://portal.test/${id}`, cancelUrl: (id: string) => `http://portal.test/${id}?c=1` };
    const { topUp, replayed } = await startCardTopUp(ctx.db, checkout(), input);
    const again = await startCardTopUp(ctx.db, checkout(), { ...input, amount: "1234.5" });
    expect([replayed, again.replayed, again.topUp.id]).toEqual([false, true, topUp.id]);
    expect(await startCardTopUp(ctx.db, checkout(), { ...input, amount: "1234.51" }).catch((e: DomainError) => `${e.code}@${e.field}`)).toBe("idempotency.conflict@amount");
    expect(topUp).toMatchObject({ status: "open", amount: "1234.50" });
    const session = fake.sessions.get(topUp.checkoutSessionId!);
    expect(session).toMatchObject({ amount_total: 123450, currency: "cny", client_reference_id: topUp.id, metadata: { topUpId: topUp.id }, payment_intent_metadata: { topUpId: topUp.id } });
    expect(topUp.checkoutUrl).toBe(session!.url);
    const creates = fake.requests.filter((r) => r.path === "/v1/checkout/sessions" && r.method === "POST");
    expect(creates.at(-1)).toMatchObject({ idempotencyKey: `card-top-up:${topUp.id}`, authorization: "Bearer sk_test_portal" });
    expect(await available(userId)).toBe("0.00"); // nothing until the webhook

    fake.failNext = 2; // the SDK retries once
    expect(await open(userId).catch((e: DomainError) => e.code)).toBe("topup.card_unavailable");
    expect(await startCardTopUp(ctx.db, checkout(), { ...input, idempotencyKey: randomUUID(), amount: "0.50" }).catch((e: DomainError) => e.code)).toBe("topup.amount_invalid");
    expect(await startCardTopUp(ctx.db, checkout(), { ...input, idempotencyKey: randomUUID(), amount: "50000.01" }).catch((e: DomainError) => e.code)).toBe("topup.amount_invalid");
  });

  it("refuses a bad signature and a stale timestamp, and changes nothing", async () => {
    const userId = await createInvestor(ctx.db, market);
    const topUp = await open(userId);
    const body = event("payment_intent.succeeded", paymentIntent(topUp.id, 50000));
    expect((await deliver(signed(body, { secret: "whsec_someone_else" }))).status).toBe(400);
    const tampered = signed(body);
    expect((await deliver({ payload: tampered.payload.replace("50000", "90000"), signature: tampered.signature })).status).toBe(400);
    expect((await handleStripeWebhook(ctx.db, { payload: tampered.payload, signature: null, webhookSecret: WEBHOOK_SECRET })).status).toBe(400);
    // Signed ten minutes ago: outside the five-minute tolerance (a replayed capture).
    expect((await deliver(signed(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }))).status).toBe(400);
    expect(await available(userId)).toBe("0.00");
    expect(await ctx.db.select().from(stripeEvents).where(eq(stripeEvents.id, body.id))).toHaveLength(0);
  });

  it("acknowledges an unknown event without doing anything", async () => {
    const body = event("customer.created", { id: "cus_123", object: "customer" });
    const result = await deliver(signed(body));
    expect(result).toMatchObject({ status: 200, outcome: "ignored", duplicate: false });
    expect(await deliver(signed(body))).toMatchObject({ status: 200, duplicate: true });
  });

  it("credits the wallet once when the same event is delivered three times (and when twins race)", async () => {
    const userId = await createInvestor(ctx.db, market);
    const topUp = await open(userId, "500.00");
    const body = event("payment_intent.succeeded", paymentIntent(topUp.id, 50000));
    const first = await deliver(signed(body));
    expect(first).toMatchObject({ status: 200, outcome: "credited", duplicate: false });
    const repeats = await Promise.all([deliver(signed(body)), deliver(signed(body))]);
    expect(repeats.map((r) => r.status === 200 && r.duplicate)).toEqual([true, true]);
    expect(await available(userId)).toBe("500.00");
    const entries = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, `card-top-up:${topUp.id}`));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "top_up", causeType: "top_up", causeId: topUp.id, postedBySystem: "stripe-webhook" });
    const [row] = await ctx.db.select().from(cardTopUps).where(eq(cardTopUps.id, topUp.id));
    expect(row).toMatchObject({ status: "succeeded", creditEntryId: entries[0]!.id });

    // The checkout session's own completion event for the same payment credits nothing more.
    const completed = event("checkout.session.completed", { id: topUp.checkoutSessionId, object: "checkout.session", payment_status: "paid", amount_total: 50000, currency: "cny", client_reference_id: topUp.id, metadata: { topUpId: topUp.id }, payment_intent: row!.paymentIntentId });
    expect(await deliver(signed(completed))).toMatchObject({ outcome: "already_credited" });
    expect(await available(userId)).toBe("500.00");
  });

  it("credits from checkout.session.completed when it comes first, and never an amount that does not match", async () => {
    const userId = await createInvestor(ctx.db, market);
    const topUp = await open(userId, "88.80");
    const wrong = event("payment_intent.succeeded", paymentIntent(topUp.id, 8800));
    expect(await deliver(signed(wrong))).toMatchObject({ outcome: "amount_mismatch" });
    const usd = event("payment_intent.succeeded", paymentIntent(topUp.id, 8880, { currency: "usd" }));
    expect(await deliver(signed(usd))).toMatchObject({ outcome: "amount_mismatch" });
    expect(await available(userId)).toBe("0.00");
    const completed = event("checkout.session.completed", { id: topUp.checkoutSessionId, object: "checkout.session", payment_status: "paid", amount_total: 8880, currency: "cny", client_reference_id: topUp.id, metadata: { topUpId: topUp.id }, payment_intent: "pi_x" });
    expect(await deliver(signed(completed))).toMatchObject({ outcome: "credited" });
    expect(await available(userId)).toBe("88.80");
    const audits = await ctx.db.select().from(auditLog).where(eq(auditLog.subject, topUp.id));
    expect(audits.map((a) => a.action)).toContain("card_top_up.amount_mismatch");
  });

  it("marks failed and expired payments without moving money; unknown top-ups are acknowledged", async () => {
    const userId = await createInvestor(ctx.db, market);
    const failing = await open(userId);
    const failed = event("payment_intent.payment_failed", { ...paymentIntent(failing.id, 50000), status: "requires_payment_method", amount_received: 0, last_payment_error: { message: "Your card was declined." } });
    expect(await deliver(signed(failed))).toMatchObject({ outcome: "failed" });
    const [row] = await ctx.db.select().from(cardTopUps).where(eq(cardTopUps.id, failing.id));
    expect(row).toMatchObject({ status: "failed", failureMessage: "Your card was declined." });
    const expiring = await open(userId);
    expect(await deliver(signed(event("checkout.session.expired", { id: expiring.checkoutSessionId, object: "checkout.session", client_reference_id: expiring.id, metadata: { topUpId: expiring.id } })))).toMatchObject({ outcome: "expired" });
    expect(await deliver(signed(event("payment_intent.succeeded", paymentIntent(randomUUID(), 100))))).toMatchObject({ outcome: "unknown_top_up" });
    // A later success of the same top-up (the card retried in the same checkout) still credits.
    expect(await deliver(signed(event("payment_intent.succeeded", paymentIntent(failing.id, 50000))))).toMatchObject({ outcome: "credited" });
    expect(await available(userId)).toBe("500.00");
  });

  it("takes refunded money back out of the wallet, and records a shortfall when it was already invested", async () => {
    const userId = await createInvestor(ctx.db, market);
    const topUp = await open(userId, "1000.00");
    const pi = paymentIntent(topUp.id, 100000);
    await deliver(signed(event("payment_intent.succeeded", pi)));
    const charge = (refundedFen: number) => ({ id: "ch_1", object: "charge", amount: 100000, amount_refunded: refundedFen, currency: "cny", payment_intent: pi.id, metadata: {} });
    expect(await deliver(signed(event("charge.refunded", charge(30000))))).toMatchObject({ outcome: "partially_refunded" });
    expect(await available(userId)).toBe("700.00");
    // Invest most of the rest; a full refund now cannot be taken from the wallet.
    const loan = await listLoan(ctx.db, market, "5000.00");
    await invest(ctx.db, { operatorId: market.operatorId, investorUserId: userId, loanId: loan.id, amount: "600", idempotencyKey: randomUUID() });
    expect(await deliver(signed(event("charge.refunded", charge(100000))))).toMatchObject({ outcome: "refund_shortfall" });
    expect(await available(userId)).toBe("100.00");
    const [row] = await ctx.db.select().from(cardTopUps).where(eq(cardTopUps.id, topUp.id));
    expect(row).toMatchObject({ status: "succeeded", refundedAmount: "300.00" });
    expect((await ctx.db.select().from(auditLog).where(eq(auditLog.subject, topUp.id))).map((a) => a.action)).toContain("card_top_up.refund_shortfall");
    expect((await checkLedger(ctx.db, { operatorId: market.operatorId })).ok).toBe(true);
  });
});
