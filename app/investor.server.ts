import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { investing, ledger, payments } from "./services.server";
import type { CardCheckout, StripeSettings } from "../services/payments";

/** A fresh idempotency key for a form, rendered into a hidden field when the page is. */
export function newFormKey(): string {
  return randomUUID();
}

let stripe: { settings: StripeSettings; checkout: CardCheckout } | null | undefined;

/** Stripe from STRIPE_SECRET_KEY / STRIPE_WEBHOOK_SECRET; null when not configured. */
export function stripeSetup(): { settings: StripeSettings; checkout: CardCheckout } | null {
  if (stripe === undefined) {
    const settings = payments.stripeSettingsFromEnv();
    stripe = settings ? { settings, checkout: payments.stripeCardCheckout(payments.createStripeClient(settings)) } : null;
  }
  return stripe;
}

/** WITHDRAWAL_DAILY_LIMIT_CNY, per investor per Beijing day (default 50,000). */
export function withdrawalDailyLimit(): string {
  const raw = process.env.WITHDRAWAL_DAILY_LIMIT_CNY?.trim();
  if (raw && ledger.isTypedAmount(raw) && new Decimal(raw).gt(0)) return new Decimal(raw).toFixed(2);
  return investing.investorLimits.DEFAULT_WITHDRAWAL_DAILY_LIMIT_CNY;
}

export { formatPercent } from "../services/shared/percent";

/** Seconds to a deadline, for "time left" (0 when passed). */
export function secondsUntil(deadline: Date, now: Date = new Date()): number {
  return Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 1000));
}
