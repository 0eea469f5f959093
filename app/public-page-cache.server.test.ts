import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cacheKeyOf, MAX_PAGES, PAGE_TTL_MS, PublicPageCache, type PageRequest, type RenderedPage } from "./public-page-cache.server";

const anonymous: PageRequest = { method: "GET", url: "/o/unicom/invest", host: " localhost:3000", protocol: "http", cookieHeader: "", embedded: false };
const ALICE = { csrfToken: "aliceaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nonce: "alice-nonce-111==" };
const BOB = { csrfToken: "bobbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", nonce: "bob-nonce-2222222==" };

/** A render the way Remix would do it for this person: their token in the form, their nonce on the script. */
function renderer(text = "list") {
  let calls = 0;
  const render = (values: typeof ALICE, page: Partial<RenderedPage> = {}) => async (): Promise<RenderedPage> => {
    calls += 1;
    await null; // the render ends later than it starts: requests meanwhile find it under way
    return {
      status: 200,
      headers: [["content-type", "text/html; charset=utf-8"], ["date", "Fri, 04 Dec 2026 18:00:00 GMT"]],
      body: `<form><input name="_csrf" value="${values.csrfToken}"></form><p>${text}</p><script nonce="${values.nonce}">h()</script>`,
      ...page,
    };
  };
  return { render, calls: () => calls };
}

/** The cache's answer with its body as text (decoded when it came gzip-encoded). */
async function ask(cache: PublicPageCache, key: string, values: typeof ALICE, render: () => Promise<RenderedPage>, gzip = false) {
  const answer = await cache.answer(key, values, render, { gzip });
  return { ...answer, body: answer.gzip ? gunzipSync(answer.body).toString() : answer.body.toString() };
}

function listeningCache(clock: () => number = Date.now): PublicPageCache {
  const cache = new PublicPageCache(clock);
  cache.startListening();
  return cache;
}

describe("which requests the public page cache may answer", () => {
  it("answers the anonymous invest list of any operator, keyed by query, language and framing", () => {
    const plain = cacheKeyOf(anonymous);
    expect(plain).not.toBeNull();
    expect(cacheKeyOf({ ...anonymous, url: "/o/other-op/invest/" })).not.toBeNull();
    expect(cacheKeyOf({ ...anonymous, cookieHeader: "csrf=abc; embed=1" })).toBe(plain);
    const keys = [
      cacheKeyOf({ ...anonymous, url: "/o/unicom/invest?sort=rate_desc" }),
      cacheKeyOf({ ...anonymous, cookieHeader: "lang=en" }),
      cacheKeyOf({ ...anonymous, embedded: true }),
      cacheKeyOf({ ...anonymous, host: " example.com" }),
      cacheKeyOf({ ...anonymous, protocol: "https" }),
      plain,
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("leaves signed-in people, other cookies, other pages, other methods and odd queries to the render", () => {
    expect(cacheKeyOf({ ...anonymous, cookieHeader: "csrf=abc; sid=session" })).toBeNull();
    expect(cacheKeyOf({ ...anonymous, cookieHeader: "wrote_at=1764871200000" })).toBeNull();
    expect(cacheKeyOf({ ...anonymous, cookieHeader: "dvc=device" })).toBeNull();
    expect(cacheKeyOf({ ...anonymous, method: "HEAD" })).toBeNull();
    expect(cacheKeyOf({ ...anonymous, method: "POST" })).toBeNull();
    expect(cacheKeyOf({ ...anonymous, url: "/o/unicom/invest/loans/1" })).toBeNull();
    expect(cacheKeyOf({ ...anonymous, url: "/o/unicom/invest.data" })).toBeNull();
    expect(cacheKeyOf({ ...anonymous, url: "/o/unicom/me/portfolio" })).toBeNull();
    expect(cacheKeyOf({ ...anonymous, url: `/o/unicom/invest?q=${"x".repeat(300)}` })).toBeNull();
  });
});

describe("the public page cache", () => {
  it("gives each person their own CSRF token and nonce, never another's", async () => {
    const cache = listeningCache();
    const { render, calls } = renderer();
    const key = cacheKeyOf(anonymous)!;
    const first = await ask(cache, key, ALICE, render(ALICE));
    const second = await ask(cache, key, BOB, render(BOB));
    expect(calls()).toBe(1);
    expect(second.body).toBe((await renderer().render(BOB)()).body);
    expect(second.body).not.toContain(ALICE.csrfToken);
    expect(second.body).not.toContain(ALICE.nonce);
    expect(first.body).toContain(ALICE.csrfToken);
    // The headers of one answer (its date) are not replayed; the page's are.
    expect(second.headers).toEqual([["content-type", "text/html; charset=utf-8"]]);
    // Gzip-encoded for a client that takes it: the same page, Bob's values.
    const gzipped = await ask(cache, key, BOB, render(BOB), true);
    expect(gzipped.gzip).toBe(true);
    expect(gzipped.body).toBe(second.body);
    expect(calls()).toBe(1);
  });

  it("renders once for everyone who asks while the page renders", async () => {
    const cache = listeningCache();
    const { render, calls } = renderer();
    const key = cacheKeyOf(anonymous)!;
    const answers = await Promise.all([ALICE, BOB, ALICE, BOB].map((values) => ask(cache, key, values, render(values))));
    expect(calls()).toBe(1);
    expect(answers.map((a) => a.body.includes(BOB.csrfToken))).toEqual([false, true, false, true]);
  });

  it("drops every copy on a change, and keeps no render that was under way when it came", async () => {
    const cache = listeningCache();
    const before = renderer("before");
    const key = cacheKeyOf(anonymous)!;
    await ask(cache, key, ALICE, before.render(ALICE));
    cache.invalidate();
    expect(cache.size).toBe(0);

    const racing = ask(cache, key, ALICE, before.render(ALICE));
    cache.invalidate(); // the change committed while that render read the old rows
    expect((await racing).body).toContain("before");
    const after = renderer("after");
    expect((await ask(cache, key, BOB, after.render(BOB))).body).toContain("after");
    expect(after.calls()).toBe(1);
  });

  it("serves a copy for at most a second", async () => {
    let nowMs = 1_000_000;
    const cache = listeningCache(() => nowMs);
    const { render, calls } = renderer();
    const key = cacheKeyOf(anonymous)!;
    await ask(cache, key, ALICE, render(ALICE));
    nowMs += PAGE_TTL_MS - 1;
    await ask(cache, key, ALICE, render(ALICE));
    expect(calls()).toBe(1);
    nowMs += 1;
    await ask(cache, key, ALICE, render(ALICE));
    expect(calls()).toBe(2);
  });

  it("answers from a copy past its second while one request renders its successor", async () => {
    let nowMs = 1_000_000;
    const cache = listeningCache(() => nowMs);
    const key = cacheKeyOf(anonymous)!;
    await ask(cache, key, ALICE, renderer("old").render(ALICE));
    nowMs += PAGE_TTL_MS;
    const fresh = renderer("new");
    const [first, second, third] = await Promise.all([ALICE, BOB, BOB].map((values) => ask(cache, key, values, fresh.render(values))));
    expect(fresh.calls()).toBe(1);
    expect([first!.body, second!.body, third!.body].map((b) => b.includes("new"))).toEqual([true, false, false]);
    expect(second!.body).toContain(BOB.csrfToken);
    expect((await ask(cache, key, BOB, fresh.render(BOB))).body).toContain("new");
    expect(fresh.calls()).toBe(1);

    // A copy long past its second is not handed out while its successor renders.
    nowMs += 3 * PAGE_TTL_MS;
    const later = renderer("later");
    const both = await Promise.all([ALICE, BOB].map((values) => ask(cache, key, values, later.render(values))));
    expect(both.every((a) => a.body.includes("later"))).toBe(true);
    expect(later.calls()).toBe(1);

    // A change drops the copy: nobody gets it while the page renders again.
    cache.invalidate();
    const after = renderer("changed");
    const answers = await Promise.all([ALICE, BOB].map((values) => ask(cache, key, values, after.render(values))));
    expect(answers.every((a) => a.body.includes("changed"))).toBe(true);
  });

  it("keeps only a 200 that sets no cookie of its own", async () => {
    const cache = listeningCache();
    const key = cacheKeyOf(anonymous)!;
    for (const page of [{ status: 302 }, { status: 500 }, { headers: [["set-cookie", "lang=en; Path=/"]] as Array<[string, string]> }]) {
      const { render, calls } = renderer();
      await ask(cache, key, ALICE, render(ALICE, page));
      await ask(cache, key, ALICE, render(ALICE, page));
      expect(calls()).toBe(2);
    }
  });

  it("caches nothing until it hears of changes", async () => {
    const cache = new PublicPageCache();
    const { render, calls } = renderer();
    const key = cacheKeyOf(anonymous)!;
    await ask(cache, key, ALICE, render(ALICE));
    await ask(cache, key, ALICE, render(ALICE));
    expect(calls()).toBe(2);
    cache.startListening();
    await ask(cache, key, ALICE, render(ALICE));
    await ask(cache, key, ALICE, render(ALICE));
    expect(calls()).toBe(3);
  });

  it("holds a bounded number of pages, the oldest going first", async () => {
    const cache = listeningCache();
    const { render } = renderer();
    for (let page = 1; page <= MAX_PAGES + 5; page++) await ask(cache, cacheKeyOf({ ...anonymous, url: `/o/unicom/invest?page=${page}` })!, ALICE, render(ALICE));
    expect(cache.size).toBe(MAX_PAGES);
  });

  it("keeps no page whose visitor chose a CSRF token that also appears elsewhere in it", async () => {
    const cache = listeningCache();
    const loanId = "01861dc2-a2a6-4206-8f98-4f40d84a279b"; // a valid token's shape, and a link on the page
    const chooser = { ...ALICE, csrfToken: loanId };
    const { render, calls } = renderer(`<a href="/o/unicom/invest/loans/${loanId}">loan</a>`);
    const key = cacheKeyOf(anonymous)!;
    await ask(cache, key, chooser, render(chooser));
    const next = await ask(cache, key, BOB, render(BOB));
    expect(calls()).toBe(2);
    expect(next.body).toContain(`/loans/${loanId}`);
  });

  it("lets a person render for themselves when the shared render failed", async () => {
    const cache = listeningCache();
    const { render } = renderer();
    const key = cacheKeyOf(anonymous)!;
    const failing = ask(cache, key, ALICE, async () => {
      await new Promise((r) => setTimeout(r, 5));
      throw new Error("database down");
    });
    const waiting = ask(cache, key, BOB, render(BOB));
    await expect(failing).rejects.toThrow("database down");
    expect((await waiting).body).toContain(BOB.csrfToken);
  });
});
