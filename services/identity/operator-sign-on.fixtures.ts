// Test helpers: a browser stand-in that walks the sandbox operator's sign-in pages with
// fetch and a cookie jar, stopping where the provider redirects back to the portal.

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1] ?? "") < Date.now()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }
}

export interface BrowseOptions {
  jar: CookieJar;
  /** Where the provider sends the browser back: browsing stops at the first URL under it. */
  stopAt: string;
  /** Signs in on the operator's page with these; `cancel` presses 取消 instead. */
  signIn?: { phone: string; password: string } | "cancel";
}

/** Follows redirects (and fills the operator's sign-in form) until the portal's callback URL. */
export async function browseToCallback(start: string, options: BrowseOptions): Promise<URL> {
  let url = start;
  let init: RequestInit = { method: "GET" };
  for (let hop = 0; hop < 15; hop++) {
    if (url.startsWith(options.stopAt)) return new URL(url);
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: options.jar.header() },
    });
    options.jar.store(response);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      init = { method: "GET" };
      continue;
    }
    const html = await response.text();
    const loginAction = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
    const abortAction = /<form method="post" action="([^"]+\/abort)"/.exec(html)?.[1];
    if (response.status === 200 && loginAction && options.signIn) {
      const target = options.signIn === "cancel" ? abortAction : loginAction;
      if (!target) throw new Error("no cancel form on the operator's page");
      url = new URL(target, url).href;
      const body = options.signIn === "cancel" ? "" : new URLSearchParams(options.signIn).toString();
      init = { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } };
      options.signIn = undefined;
      continue;
    }
    throw new Error(`stopped at ${url} (${response.status}): ${html.slice(0, 300)}`);
  }
  throw new Error("too many redirects");
}
