import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_STRIPE, fakeStripeOrigin } from "./e2e/stripe";

/** Debian's chromium (apt-get install chromium) or CHROMIUM_PATH; Playwright's own download cannot work here. */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      "No Chromium found. Install Debian's package (`sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium binary.",
    );
  }
  return found;
}

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${E2E_PORT}`;

const launchOptions = {
  executablePath: chromiumPath(),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: { baseURL, browserName: "chromium", launchOptions, trace: "retain-on-failure" },
  projects: [
    {
      name: "phone",
      // Each project is its own network (the server trusts the loopback proxy header, TRUST_PROXY below), so the
      // sign-in form's per-address SMS limit (20 an hour) counts each project's people apart, as it would two towns.
      use: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN", extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.1" } },
    },
    // The repayment journey makes and pays off one sandbox subscriber's loan, so it runs once, at phone size.
    // The production boot check has no screen: it runs once too, and so do the fuzz and the authorization matrix (no page),
    // the self-service journeys (they change demo people) and the two-instance check.
    { name: "desktop", testIgnore: /(repayment|self-service|inbox-privacy|four-channels|production-boot|fuzz-and-authorization|two-instances)\.spec\.ts$/, use: { viewport: { width: 1280, height: 800 }, locale: "zh-CN", extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.2" } } },
  ],
  webServer: [
    {
      // A fresh embedded database (or the DATABASE_URL one, which CI creates fresh) with demo data.
      command: `rm -rf .data/e2e && npx remix build && node server.js`,
      url: `${baseURL}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      // server.js also starts the sandbox operator IdP (:3101), web hall (:3100) and unlisted host (:3102).
      env: {
        PORT: String(E2E_PORT),
        // The production build (React's too), as `npm start` serves; the sandboxes follow APP_ENV, unset here.
        NODE_ENV: "production",
        DATA_DIR: ".data/e2e",
        TRUST_PROXY: "loopback",
        // E2E_OPERATOR_IDP=off lets a second test run share the machine (the sandbox ports are fixed).
        OPERATOR_IDP: process.env.E2E_OPERATOR_IDP ?? "sandbox",
        // Card top-ups against the local Stripe stand-in below (tests send the signed webhooks).
        STRIPE_SECRET_KEY: E2E_STRIPE.secretKey,
        STRIPE_WEBHOOK_SECRET: E2E_STRIPE.webhookSecret,
        STRIPE_API_BASE: fakeStripeOrigin(),
        // Collections: contact hours open all day in the browser test (outside production only;
        // app/routes/collect/collections.server.ts), so the e2e does not fail at night Beijing time.
        COLLECTIONS_CONTACT_HOURS: "0-24",
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      },
      stdout: "pipe",
    },
    {
      command: "npx tsx services/payments/testing/fake-stripe-api.ts",
      url: `${fakeStripeOrigin()}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { FAKE_STRIPE_PORT: String(E2E_STRIPE.port) },
    },
  ],
});
