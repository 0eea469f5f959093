/**
 * The browser tests' card payments: the portal gets test Stripe keys and talks to the local
 * stand-in (services/payments/testing/fake-stripe-api.ts) started beside it by
 * playwright.config.ts; the tests sign webhooks with the same secret.
 */
export const E2E_STRIPE = {
  port: Number(process.env.E2E_PORT ?? 3210) + 7,
  secretKey: "sk_test_e2e_portal",
  webhookSecret: "whsec_e2e_portal_webhook_secret",
} as const;

export const fakeStripeOrigin = () => `http://127.0.0.1:${E2E_STRIPE.port}`;
