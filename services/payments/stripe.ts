import Stripe from "stripe";

/**
 * The boundary to Stripe (card top-ups). Keys come from the environment; with none the
 * portal says card top-up is not configured. STRIPE_API_BASE points the SDK elsewhere
 * (tests use a small local stand-in for the few calls we make); it is never needed for
 * the real service.
 */
export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** e.g. http://127.0.0.1:12111; unset = Stripe's own API. */
  apiBase?: string;
}

export function stripeSettingsFromEnv(env: Record<string, string | undefined> = process.env): StripeSettings | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!secretKey || !webhookSecret) return null;
  const apiBase = env.STRIPE_API_BASE?.trim() || undefined;
  return { secretKey, webhookSecret, ...(apiBase ? { apiBase } : {}) };
}

export function createStripeClient(settings: Pick<StripeSettings, "secretKey" | "apiBase">): Stripe {
  const base = settings.apiBase ? new URL(settings.apiBase) : null;
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 1,
    timeout: 20_000,
    telemetry: false,
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === "https:" ? 443 : 80), protocol: base.protocol === "https:" ? ("https" as const) : ("http" as const) }
      : {}),
  });
}

/** What the card top-up use case needs from a card processor: a hosted checkout page. */
export interface CardCheckout {
  readonly name: string;
  createCheckout(input: {
    topUpId: string;
    operatorId: string;
    userId: string;
    /** Integer fen as a decimal string (no JS number carries money). */
    amountFen: string;
    description: string;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ sessionId: string; url: string }>;
}

/**
 * Stripe Checkout in payment mode, CNY: Stripe hosts the card form (no
 * client-side library on our pages) and creates the PaymentIntent, which carries our
 * top-up id in its metadata. The top-up id is the Stripe idempotency key, so a retried
 * call opens one session.
 */
export function stripeCardCheckout(stripe: Stripe): CardCheckout {
  return {
    name: "stripe",
    async createCheckout(input) {
      const metadata = { topUpId: input.topUpId, operatorId: input.operatorId, userId: input.userId };
      const session = await stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [
            {
              quantity: 1,
              price_data: { currency: "cny", unit_amount_decimal: Stripe.Decimal.from(input.amountFen), product_data: { name: input.description } },
            },
          ],
          client_reference_id: input.topUpId,
          metadata,
          payment_intent_data: { metadata, description: input.description },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: `card-top-up:${input.topUpId}` },
      );
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a url`);
      return { sessionId: session.id, url: session.url };
    },
  };
}

/** Verifies a webhook's signature (and its timestamp, within `toleranceSeconds`) on the raw body. */
export function verifyStripeEvent(payload: string, signature: string | null, webhookSecret: string, toleranceSeconds = 300, now?: Date): Stripe.Event {
  const receivedAt = now ? Math.floor(now.getTime() / 1000) : undefined;
  return Stripe.webhooks.constructEvent(payload, signature ?? "", webhookSecret, toleranceSeconds, undefined, receivedAt);
}

export { Stripe };
