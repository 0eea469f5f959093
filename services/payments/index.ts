export { stripeSettingsFromEnv, createStripeClient, stripeCardCheckout, verifyStripeEvent, type StripeSettings, type CardCheckout } from "./stripe";
