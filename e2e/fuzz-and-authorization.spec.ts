import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse } from "@playwright/test";
import { AUTHORIZATION, IDENTITIES, type Expected, type Identity, type RouteRule } from "./authorization-table";
import { crawl, type PortalClient } from "./portal-client";
import { OPERATOR, signInEveryone, startFuzzPortal } from "./portal-people";
import { appRoutes, fillPattern, type AppRoute } from "./route-list";
import type { FreshPortal } from "./fresh-portal";

// Issue #15 item 3: the project's own authorization matrix and fuzz, generated from the app's
// route list, against a portal of its own (fresh database, demo data). No browser page: they
// run once, in the phone project (playwright.config.ts leaves them out of desktop).
// Bounds: FUZZ_SECONDS (default 75) and MATRIX_SECONDS (default 50); FUZZ_REQUESTS caps the fuzz.

test.describe.configure({ mode: "serial" });

let portal: FreshPortal | null = null;
let clients: Record<Identity, PortalClient>;
let routes: AppRoute[];
/** Sample URLs per route id, from what each person's pages link to. */
let samples: Map<string, { url: string; finder: Identity }[]>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const started = await startFuzzPortal();
  portal = started.portal;
  routes = await appRoutes();
  clients = await signInEveryone(started.url);
  samples = new Map();
  for (const identity of IDENTITIES) {
    if (identity === "anonymous" || identity === "otherOperator") continue;
    for (const [id, urls] of await crawl(clients[identity], OPERATOR, routes)) {
      const list = samples.get(id) ?? [];
      for (const url of urls) if (!list.some((s) => s.url === url)) list.push({ url, finder: identity });
      samples.set(id, list);
    }
  }
});

test.afterAll(async () => {
  for (const client of Object.values(clients ?? {})) await client.ctx.dispose();
  await portal?.dispose();
});

/** The URL a route is checked at: one its owner (or whoever could see it) reached, else made-up ids. */
function sampleUrl(route: AppRoute, rule: RouteRule | undefined): { url: string; synthetic: boolean } {
  const found = samples.get(route.id) ?? [];
  const owned = rule?.owner ? found.find((s) => s.finder === rule.owner) : found[0];
  if (owned) return { url: owned.url, synthetic: false };
  if (route.params.every((p) => p === "operator")) return { url: fillPattern(route.pattern, { operator: OPERATOR }), synthetic: false };
  const values: Record<string, string> = { operator: OPERATOR, "*": "no-such-page" };
  for (const p of route.params) values[p] ??= /id$/i.test(p) ? randomUUID() : /date/i.test(p) ? "2026-01-01" : "no-such-thing";
  return { url: fillPattern(route.pattern, values), synthetic: true };
}

function outcome(response: APIResponse): Expected | number {
  const status = response.status();
  if (status >= 300 && status < 400) {
    const location = response.headers()["location"] ?? "";
    return /\/login(\?|$)/.test(location) ? "login" : "redirect";
  }
  return status;
}

function meets(actual: Expected | number, expected: Expected): boolean {
  if (expected === "handled") return typeof actual === "string" ? actual !== "login" : actual < 500 && actual !== 403;
  return actual === expected;
}

test("authorization matrix: every route × anonymous, each role, another operator's session and another person's ids", async () => {
  test.setTimeout(Number(process.env.MATRIX_SECONDS ?? 50) * 1000 + 60_000);
  const deadline = Date.now() + Number(process.env.MATRIX_SECONDS ?? 50) * 1000;
  const explore = process.env.MATRIX_EXPLORE === "1";
  const missing = routes.filter((r) => !(r.id in AUTHORIZATION)).map((r) => r.id);
  const stale = Object.keys(AUTHORIZATION).filter((id) => !routes.some((r) => r.id === id));
  const wrong: string[] = [];
  const statuses = new Map<string, number>();
  let checked = 0;
  for (const route of routes) {
    const rule = AUTHORIZATION[route.id];
    const { url, synthetic } = sampleUrl(route, rule);
    for (const method of ["get", "post"] as const) {
      if (method === "get" ? !route.hasLoader : !route.hasAction) continue;
      const observed: string[] = [];
      for (const identity of IDENTITIES) {
        if (method === "post" && rule?.endsSession && identity !== "anonymous") continue;
        if (Date.now() > deadline) throw new Error(`the matrix ran past MATRIX_SECONDS after ${checked} cells`);
        const client = clients[identity];
        const response = method === "get" ? await client.get(url) : await client.post(url, []);
        const actual = outcome(response);
        checked += 1;
        statuses.set(String(actual), (statuses.get(String(actual)) ?? 0) + 1);
        observed.push(`${identity}=${actual}`);
        if (typeof actual === "number" && actual >= 500) wrong.push(`${method.toUpperCase()} ${url} as ${identity}: ${actual}`);
        const cellsFor = rule?.[method];
        if (!cellsFor) continue;
        let expected = cellsFor[identity];
        if (synthetic && expected === 200) expected = 404;
        if (!meets(actual, expected)) wrong.push(`${method.toUpperCase()} ${url} (${route.id}) as ${identity}: expected ${expected}, got ${actual}`);
      }
      if (explore && method === "get") console.log(`  samples: ${(samples.get(route.id) ?? []).map((s) => `${s.finder}:${s.url}`).join(" ")}`);
      if (explore) console.log(`${route.id} ${method} ${synthetic ? "synthetic " : ""}${url}\n  ${observed.join(" ")}`);
    }
  }
  console.log(`authorization matrix: ${routes.length} routes, ${checked} cells checked; statuses seen: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}`);
  expect(missing, "routes missing from e2e/authorization-table.ts").toEqual([]);
  expect(stale, "rules in e2e/authorization-table.ts for routes that no longer exist").toEqual([]);
  expect(wrong).toEqual([]);
});
