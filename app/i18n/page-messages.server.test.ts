import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogues } from "./messages";
import { installPageMessages, keysNamedIn, pageHandles, pageMessages, pageRouteIds } from "./page-messages.server";

describe("per-page messages", () => {
  it("finds literal keys, keys built from a prefix, and every error code where field errors show", () => {
    const keys = keysNamedIn('t("nav.home"),x("not.a.key"),t(`borrow.status.${s}`),t("role."+r),y="plain"');
    expect(keys.has("nav.home")).toBe(true);
    expect(keys.has("not.a.key")).toBe(false);
    expect(keys.has("borrow.status.draft")).toBe(true);
    expect(keys.has("role.investor")).toBe(true);
    expect([...keys].some((k) => k.startsWith("error."))).toBe(false);
    const withErrors = keysNamedIn('t("error.generic")');
    expect(withErrors.has("error.ledger.insufficient_funds")).toBe(true);
  });

  it("gives a page the keys of its matched routes' browser chunks and handles, for pages and data requests", () => {
    const publicDir = mkdtempSync(path.join(tmpdir(), "page-messages-"));
    mkdirSync(path.join(publicDir, "build"));
    writeFileSync(path.join(publicDir, "build", "root.js"), 't("app.name")');
    writeFileSync(path.join(publicDir, "build", "shared.js"), 't("nav.signIn")');
    writeFileSync(path.join(publicDir, "build", "invest.js"), 't("invest.sort")');
    writeFileSync(path.join(publicDir, "build", "borrow.js"), 't("home.borrow.title")');
    installPageMessages(
      {
        routes: {
          root: { id: "root", path: "", module: {} },
          invest: { id: "invest", parentId: "root", path: "o/:operator/invest", module: { handle: { messages: ["role."], hydrate: false } } },
          borrow: { id: "borrow", parentId: "root", path: "o/:operator/borrow", module: {} },
        },
        assets: {
          routes: {
            root: { module: "/build/root.js" },
            invest: { module: "/build/invest.js", imports: ["/build/shared.js"] },
            borrow: { module: "/build/borrow.js" },
          },
        },
      },
      publicDir,
    );
    const zh = catalogues["zh-CN"];
    const invest = pageMessages("zh-CN", new URL("http://x/o/unicom/invest"), { document: false });
    expect(invest).toMatchObject({ "app.name": zh["app.name"], "nav.signIn": zh["nav.signIn"], "invest.sort": zh["invest.sort"], "role.investor": zh["role.investor"] });
    expect(invest["home.borrow.title"]).toBeUndefined();
    expect(Object.keys(invest).length).toBeLessThan(30);
    expect(pageMessages("en", new URL("http://x/o/unicom/borrow"))).toEqual({ "app.name": "Inclusive Finance", "home.borrow.title": catalogues.en["home.borrow.title"] });
    expect(pageHandles(new URL("http://x/o/unicom/invest")).map((h) => h.hydrate)).toEqual([undefined, false]);
    // Its document carries no loader data (no <Scripts/>): no messages at all.
    expect(pageMessages("zh-CN", new URL("http://x/o/unicom/invest"))).toEqual({});
    // Route ids are remembered per path, and forgotten when another build is installed.
    expect(pageRouteIds(new URL("http://x/o/unicom/invest"))).toEqual(["root", "invest"]);
    expect(pageRouteIds(new URL("http://x/o/unicom/invest.data"))).toEqual(["root", "invest"]);
    installPageMessages({ routes: { root: { id: "root", path: "", module: {} } }, assets: { routes: { root: { module: "/build/root.js" } } } }, publicDir);
    expect(pageRouteIds(new URL("http://x/o/unicom/invest"))).toEqual([]);
  });
});
