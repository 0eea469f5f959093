/**
 * Framed use (the operator's web hall embeds our pages in an iframe) versus top-level use,
 * decided per request. server.js uses the same rule for the CSRF cookie (through
 * entry.server), so every cookie of a response gets the same treatment.
 *
 * - `?embed=1` / `?embed=0` in the URL decide outright (and set or clear the `embed` cookie);
 * - a navigation inside a frame says so itself: `Sec-Fetch-Dest: iframe`;
 * - a top-level navigation (`Sec-Fetch-Dest: document`) is never embedded;
 * - anything else (the app's own data requests, browsers without Fetch Metadata) follows
 *   the `embed` cookie, which is Partitioned: it belongs to the host site's partition.
 */
export const EMBED_COOKIE = "embed";

export interface EmbedSignals {
  query: string | null;
  secFetchDest: string | null;
  cookie: string | null;
}

export function embedModeFrom({ query, secFetchDest, cookie }: EmbedSignals): boolean {
  if (query === "1") return true;
  if (query === "0") return false;
  if (secFetchDest === "iframe" || secFetchDest === "frame") return true;
  if (secFetchDest === "document") return false;
  return cookie === "1";
}

/**
 * Cookie attributes for a response: framed pages need `SameSite=None; Secure; Partitioned`
 * (a cookie in another site's frame is third-party; Partitioned keeps it in that host's
 * partition, CHIPS), top-level pages keep `SameSite=Lax`. Browsers treat http://localhost
 * as secure, so the framed variant works in the local demo too; elsewhere it needs https.
 */
export function cookieAttributes(embedded: boolean, secureCookies: boolean): string {
  return embedded ? "SameSite=None; Secure; Partitioned" : `SameSite=Lax${secureCookies ? "; Secure" : ""}`;
}

/** Both variants, to clear a cookie whichever way it was set. */
export function clearingCookies(name: string, path = "/"): string[] {
  return [
    `${name}=; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=0`,
    `${name}=; Path=${path}; HttpOnly; SameSite=None; Secure; Partitioned; Max-Age=0`,
  ];
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      try {
        return decodeURIComponent(rest.join("="));
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function isEmbedded(request: Request): boolean {
  return embedModeFrom({
    query: new URL(request.url).searchParams.get("embed"),
    secFetchDest: request.headers.get("Sec-Fetch-Dest"),
    cookie: readCookie(request, EMBED_COOKIE),
  });
}
