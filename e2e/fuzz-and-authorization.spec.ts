import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse } from "@playwright/test";
import { AUTHORIZATION, IDENTITIES, type Expected, type Identity, type RouteRule } from "./authorization-table";
import { crawl, type PortalClient } from "./portal-client";
import { OPERATOR, signInEveryone, startFuzzPortal } from "./portal-people";
import { appRoutes, fillPattern, type AppRoute } from "./route-list";
import type { FreshPortal } from "./fresh-portal";
import { fuzzRoutes, type FuzzTarget } from "./route-fuzz";

// Issue #15 item 3: the project's own authorization matrix and fuzz, generated from the app's
// route list, against a portal of its own (fresh database, demo data). No browser page: they
// run once, in the phone project (playwright.config.ts leaves them out of desktop).
// Bounds: FUZZ_SECONDS (default 75) and MATRIX_SECONDS (default 180); FUZZ_REQUESTS caps the fuzz.

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
  // About 30 s on an idle 2-core machine; the bound is for a machine shared with other work.
  const seconds = Number(process.env.MATRIX_SECONDS ?? 180);
  test.setTimeout(seconds * 1000 + 60_000);
  const started = Date.now();
  const deadline = started + seconds * 1000;
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
      if (Date.now() > deadline) throw new Error(`the matrix ran past MATRIX_SECONDS after ${checked} cells`);
      // Each person has their own cookie jar: one route's cells are asked at once.
      const asked = IDENTITIES.filter((identity) => !(method === "post" && rule?.endsSession && identity !== "anonymous"));
      const askedAt = Date.now();
      const answers = await Promise.all(
        asked.map((identity) => (method === "get" ? clients[identity].get(url) : clients[identity].post(route.index ? `${url}?index` : url, []))),
      );
      if (explore) console.log(`  ${Date.now() - askedAt} ms`);
      const observed: string[] = [];
      asked.forEach((identity, i) => {
        const actual = outcome(answers[i]!);
        checked += 1;
        statuses.set(String(actual), (statuses.get(String(actual)) ?? 0) + 1);
        observed.push(`${identity}=${actual}`);
        if (typeof actual === "number" && actual >= 500) wrong.push(`${method.toUpperCase()} ${url} as ${identity}: ${actual}`);
        const cellsFor = rule?.[method];
        if (!cellsFor) return;
        let expected = cellsFor[identity];
        if (synthetic && expected === 200) expected = 404;
        if (!meets(actual, expected)) wrong.push(`${method.toUpperCase()} ${url} (${route.id}) as ${identity}: expected ${expected}, got ${actual}`);
      });
      if (explore && method === "get") console.log(`  samples: ${(samples.get(route.id) ?? []).map((s) => `${s.finder}:${s.url}`).join(" ")}`);
      if (explore) console.log(`${route.id} ${method} ${synthetic ? "synthetic " : ""}${url}\n  ${observed.join(" ")}`);
    }
  }
  console.log(`authorization matrix: ${routes.length} routes, ${checked} cells checked in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses seen: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}`);
  expect(missing, "routes missing from e2e/authorization-table.ts").toEqual([]);
  expect(stale, "rules in e2e/authorization-table.ts for routes that no longer exist").toEqual([]);
  expect(wrong).toEqual([]);
});

/** Who fuzzes a route: its owner, else the first person the table lets through (anonymous for public pages). */
function fuzzTargets(): FuzzTarget[] {
  const targets: FuzzTarget[] = [];
  for (const route of routes) {
    const rule = AUTHORIZATION[route.id];
    if (!rule) continue;
    const { url } = sampleUrl(route, rule);
    for (const method of ["get", "post"] as const) {
      const cellsFor = rule[method];
      if (!cellsFor || (method === "get" ? !route.hasLoader : !route.hasAction)) continue;
      const through = (identity: Identity) => cellsFor[identity] !== "login" && cellsFor[identity] !== 403 && !(method === "post" && rule.endsSession && identity !== "anonymous");
      const candidates = [rule.owner, ...IDENTITIES].filter((i): i is Identity => !!i && through(i));
      // Public pages are fuzzed anonymously and signed in (the two render differently).
      const chosen = [...new Set([candidates[0], candidates.find((i) => i !== "anonymous" && i !== "otherOperator")])].filter((i): i is Identity => !!i);
      for (const identity of chosen) {
        targets.push({ routeId: route.id, method, url: method === "post" && route.index ? `${url}?index` : url, client: clients[identity], pathParams: route.params.filter((p) => p !== "operator"), readNames: route.readNames, avoids: rule.fuzzAvoids ?? [] });
      }
    }
  }
  return targets;
}

test("fuzz: every loader and action with its own forms' fields and hostile strings — no 5xx, no stack trace or SQL, no unescaped echo", async () => {
  const seconds = Number(process.env.FUZZ_SECONDS ?? 75);
  test.setTimeout(seconds * 1000 + 90_000);
  const targets = fuzzTargets();
  const report = await fuzzRoutes(targets, { seconds, maxRequests: Number(process.env.FUZZ_REQUESTS ?? 1_000_000), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined });
  console.log(
    `fuzz: ${report.requests} requests to ${report.targetsHit.size} of ${targets.length} targets (route × method × person) in ≤ ${seconds} s; statuses: ${[...report.byStatus]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(", ")}`,
  );
  expect(report.targetsHit.size, "every target fuzzed at least once").toBe(targets.length);
  expect(report.failures).toEqual([]);
});
