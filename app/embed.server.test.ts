import { describe, expect, it } from "vitest";
import { clearingCookies, cookieAttributes, embedModeFrom, isEmbedded } from "./embed.server";

describe("framed or top-level use", () => {
  it("follows ?embed, then Fetch Metadata, then the embed cookie", () => {
    expect(embedModeFrom({ query: "1", secFetchDest: "document", cookie: null })).toBe(true);
    expect(embedModeFrom({ query: "0", secFetchDest: "iframe", cookie: "1" })).toBe(false);
    expect(embedModeFrom({ query: null, secFetchDest: "iframe", cookie: null })).toBe(true);
    // A top-level page is never framed, whatever a cookie from the frame says.
    expect(embedModeFrom({ query: null, secFetchDest: "document", cookie: "1" })).toBe(false);
    // Data requests (Sec-Fetch-Dest: empty) and old browsers follow the partitioned cookie.
    expect(embedModeFrom({ query: null, secFetchDest: "empty", cookie: "1" })).toBe(true);
    expect(embedModeFrom({ query: null, secFetchDest: null, cookie: null })).toBe(false);
  });

  it("reads the same signals from a request", () => {
    const framed = new Request("http://portal.test/o/unicom", { headers: { "Sec-Fetch-Dest": "iframe" } });
    const topLevel = new Request("http://portal.test/o/unicom", { headers: { "Sec-Fetch-Dest": "document", Cookie: "embed=1" } });
    const data = new Request("http://portal.test/o/unicom.data", { headers: { "Sec-Fetch-Dest": "empty", Cookie: "sid=x; embed=1" } });
    expect([isEmbedded(framed), isEmbedded(topLevel), isEmbedded(data)]).toEqual([true, false, true]);
  });

  it("gives framed cookies SameSite=None; Secure; Partitioned and top-level ones SameSite=Lax", () => {
    expect(cookieAttributes(true, false)).toBe("SameSite=None; Secure; Partitioned");
    expect(cookieAttributes(false, false)).toBe("SameSite=Lax");
    expect(cookieAttributes(false, true)).toBe("SameSite=Lax; Secure");
    expect(clearingCookies("sid")).toEqual([
      "sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
      "sid=; Path=/; HttpOnly; SameSite=None; Secure; Partitioned; Max-Age=0",
    ]);
  });
});
