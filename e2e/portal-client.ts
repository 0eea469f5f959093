import { expect, request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { patternRegex, type AppRoute } from "./route-list";

/**
 * A person at the portal without a browser page: Playwright's request context (its own cookie
 * jar), sending what a browser's form submission sends (same Origin, the `_csrf` double-submit
 * token from its cookie).
 */
export interface PortalClient {
  name: string;
  ctx: APIRequestContext;
  get(url: string): Promise<APIResponse>;
  /** A form POST with this person's CSRF token; `fields` as pairs, so a name may repeat. */
  post(url: string, fields: ReadonlyArray<readonly [string, string]>): Promise<APIResponse>;
}

export async function newClient(baseURL: string, name: string): Promise<PortalClient> {
  const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const client: PortalClient = {
    name,
    ctx,
    get: (url) => ctx.get(url, { maxRedirects: 0, timeout: 30_000 }),
    async post(url, fields) {
      let token = (await ctx.storageState()).cookies.find((c) => c.name === "csrf")?.value;
      if (!token) {
        await ctx.get("/healthz");
        token = (await ctx.storageState()).cookies.find((c) => c.name === "csrf")?.value;
      }
      const body = new URLSearchParams([["_csrf", token ?? ""], ...fields.map(([k, v]) => [k, v] as [string, string])]).toString();
      return ctx.post(url, {
        data: body,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        maxRedirects: 0,
        timeout: 30_000,
      });
    },
  };
  return client;
}

export async function signInWithPasswordRequest(client: PortalClient, operator: string, phone: string, password = "Demo1234"): Promise<void> {
  const response = await client.post(`/o/${operator}/login?method=password`, [
    ["intent", "password"],
    ["phone", phone],
    ["password", password],
    ["returnTo", `/o/${operator}`],
  ]);
  expect(response.status(), `${client.name} signs in`).toBe(302);
}

/** By SMS code, read from the sandbox SMS outbox page (borrowers have no password). */
export async function signInWithSmsRequest(client: PortalClient, operator: string, phone: string): Promise<void> {
  const send = () => client.post(`/o/${operator}/login`, [["intent", "send"], ["phone", phone], ["returnTo", `/o/${operator}`]]);
  let sent = await send();
  // One code a minute per phone (a portal reused with FUZZ_PORTAL_URL): wait as the page says, as a person would.
  const wait = /请 (\d+) 秒后再试|in (\d+) s/.exec(await sent.text());
  if (wait) {
    await new Promise((resolve) => setTimeout(resolve, (Number(wait[1] ?? wait[2]) + 1) * 1000));
    sent = await send();
  }
  expect(sent.status(), `${client.name} asks for a code`).toBeLessThan(400);
  const outbox = await (await client.get(`/o/${operator}/dev/sms`)).text();
  const at = outbox.indexOf(`data-phone="${phone}"`);
  const code = /data-testid="sms-body">[^<]*?(\d{6})/.exec(outbox.slice(at))?.[1];
  expect(at >= 0 && code, `an SMS code for ${phone}`).toBeTruthy();
  const verified = await client.post(`/o/${operator}/login`, [["intent", "verify"], ["phone", phone], ["code", code!], ["returnTo", `/o/${operator}`]]);
  expect(verified.status(), `${client.name} signs in by SMS code`).toBe(302);
}

/** Every same-site link and form target in a page (HTML-unescaped). */
export function linksIn(html: string): string[] {
  const found = [...html.matchAll(/\b(?:href|action)="(\/[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  return [...new Set(found)];
}

/**
 * The URLs of each route this person reaches by following links from the pages without
 * parameters (two hops), so the matrix and the fuzz use real ids the person may see: their
 * own application, a case in their queue, an entry in the journal.
 */
export async function crawl(client: PortalClient, operator: string, routes: readonly AppRoute[], maxPages = 120): Promise<Map<string, string[]>> {
  // The most specific pattern first; splats (not-found pages) take nothing.
  const specificity = (r: AppRoute) => -r.params.length;
  const matchers = routes
    .filter((r) => r.hasLoader && !r.params.includes("*"))
    .sort((a, b) => specificity(b) - specificity(a))
    .map((r) => ({ id: r.id, regex: patternRegex(r.pattern) }));
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  let frontier = routes
    .filter((r) => r.hasLoader && r.params.every((p) => p === "operator") && r.pattern.startsWith("/o/"))
    .map((r) => r.pattern.replace(":operator", operator));
  for (let hop = 0; hop < 3 && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const url of frontier) {
      if (seen.has(url) || seen.size >= maxPages) continue;
      seen.add(url);
      const response = await client.get(url);
      if (!(response.headers()["content-type"] ?? "").includes("text/html")) continue;
      for (const link of linksIn(await response.text())) {
        const pathOnly = link.split(/[?#]/)[0]!;
        if (!pathOnly.startsWith(`/o/${operator}/`) || /logout|sso\//.test(pathOnly)) continue;
        const match = matchers.find((m) => m.regex.test(pathOnly));
        if (!match) continue;
        const list = found.get(match.id) ?? [];
        if (!list.includes(pathOnly) && list.length < 3) list.push(pathOnly);
        found.set(match.id, list);
        if (!seen.has(pathOnly)) next.push(pathOnly);
      }
    }
    frontier = next;
  }
  return found;
}
