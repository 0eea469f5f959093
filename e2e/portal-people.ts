import { expect } from "@playwright/test";
import { freshPortal, type FreshPortal } from "./fresh-portal";
import { newClient, signInWithPasswordRequest, signInWithSmsRequest, type PortalClient } from "./portal-client";
import type { Identity } from "./authorization-table";
import { E2E_STRIPE, fakeStripeOrigin } from "./stripe";

/** The operator whose pages are fuzzed and checked, and the other one its people must not reach. */
export const OPERATOR = "unicom";
export const OTHER_OPERATOR = "mobile";

/**
 * Who signs in (the demo seed's people, README "Demo accounts"): each role, a second borrower and
 * investor whose ids the first must not open, and an admin signed in at the other operator.
 */
const PEOPLE: Record<Exclude<Identity, "anonymous">, { operator: string; phone: string; sms?: true }> = {
  borrower: { operator: OPERATOR, phone: "18600000041", sms: true },
  otherBorrower: { operator: OPERATOR, phone: "18600000001", sms: true },
  investor: { operator: OPERATOR, phone: "18600000042" },
  otherInvestor: { operator: OPERATOR, phone: "18600000002" },
  store_clerk: { operator: OPERATOR, phone: "18600000003" },
  risk_officer: { operator: OPERATOR, phone: "18600000004" },
  finance: { operator: OPERATOR, phone: "18600000005" },
  collector: { operator: OPERATOR, phone: "18600000007" },
  admin: { operator: OPERATOR, phone: "18600000008" },
  otherOperator: { operator: OTHER_OPERATOR, phone: "13800000008" },
};

/**
 * The portal the fuzz and the matrix run against: a fresh one with the demo data (the fuzz
 * changes things — settings, teams, proposals — that the other browser tests rely on), or an
 * already running one named by FUZZ_PORTAL_URL (to iterate quickly; never the shared one).
 */
export async function startFuzzPortal(): Promise<{ url: string; portal: FreshPortal | null }> {
  if (process.env.FUZZ_PORTAL_URL) return { url: process.env.FUZZ_PORTAL_URL, portal: null };
  const e2ePort = Number(process.env.E2E_PORT ?? 3210);
  // Stripe keys (the e2e stand-in's) so the webhook judges signatures instead of answering "not configured".
  const portal = await freshPortal({
    preferredPort: e2ePort + 5,
    demoData: true,
    databaseName: "fuzz",
    env: { STRIPE_SECRET_KEY: E2E_STRIPE.secretKey, STRIPE_WEBHOOK_SECRET: E2E_STRIPE.webhookSecret, STRIPE_API_BASE: fakeStripeOrigin(), COLLECTIONS_CONTACT_HOURS: "0-24" },
  });
  await portal.start();
  return { url: portal.url, portal };
}

export async function signInEveryone(baseURL: string): Promise<Record<Identity, PortalClient>> {
  const clients = { anonymous: await newClient(baseURL, "anonymous") } as Record<Identity, PortalClient>;
  for (const [identity, person] of Object.entries(PEOPLE) as Array<[Exclude<Identity, "anonymous">, (typeof PEOPLE)[keyof typeof PEOPLE]]>) {
    const client = await newClient(baseURL, identity);
    if (person.sms) await signInWithSmsRequest(client, person.operator, person.phone);
    else await signInWithPasswordRequest(client, person.operator, person.phone);
    const home = await client.get(`/o/${person.operator}/account`);
    expect(home.status(), `${identity} is signed in`).toBe(200);
    clients[identity] = client;
  }
  return clients;
}
