import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db.server";
import { stripeSetup } from "../../investor.server";
import { investing, repayment } from "../../services.server";
import { smsSenderFor } from "../../sms.server";

/**
 * Stripe's webhook endpoint (POST /webhooks/stripe). Not a form: no CSRF token (the
 * signature is the authentication) and no readForm; server.js lets it through because
 * Stripe sends no Origin header. The raw body is what the signature covers.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
  const stripe = stripeSetup();
  if (!stripe) return Response.json({ error: "card top-up is not configured" }, { status: 503 });
  const payload = await request.text();
  const result = await investing.handleStripeWebhook(await getDb(), {
    payload,
    signature: request.headers.get("stripe-signature"),
    webhookSecret: stripe.settings.webhookSecret,
    // A borrower's card repayment is applied in the webhook's transaction (investing may not import repayment).
    applyCardRepayment: (tx, input) => repayment.applyCardRepayment(tx, { ...input, notify: smsSenderFor }),
  });
  if (result.status === 400) return Response.json({ error: "invalid signature" }, { status: 400 });
  return Response.json({ received: true, outcome: result.outcome, duplicate: result.duplicate });
}

export function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}
