// The anonymous invest list, cached in this process (docs/decisions/2026-12-04-public-page-cache.md).
// Only for a person who is not signed in: a request with a session — or any cookie beyond the
// CSRF token, the language and the framing mode — is never answered from here. The copy is
// dropped the moment a committed change could alter it (a trigger's NOTIFY, db/changes.ts) and
// lives at most a second in any case, so times left and closing deadlines stay right.
// The page carries a per-person CSRF token and may carry a per-response script nonce: the copy
// keeps neither; each answer gets its own, the same the render would have put there. A copy is
// also kept deflated with holes for those values, for the gzip answers browsers ask for.
import { fillGzip, gzipTemplate, type GzipTemplate } from "./gzip-template.server";

/** The pages cached: the invest list of an operator, whatever its filters, sort and page. */
const CACHED_PATH = /^\/o\/[a-z0-9-]{1,64}\/invest\/?$/;
/** Cookies a person who is not signed in may carry and still see a shared page. */
const SHARED_COOKIES = new Set(["csrf", "lang", "embed"]);
/**
 * A copy serves for at most this long even without a notice (and while its successor renders):
 * the page shows time left to the minute and drops a loan at its deadline, and a lost notice (a
 * reconnect) is bounded too.
 */
export const PAGE_TTL_MS = 1_000;
/** Copies held at once (filters × sort × page × language × framing, per operator; oldest go first). */
export const MAX_PAGES = 500;
/** A query string longer than any the list's own links make is rendered, never kept. */
const MAX_QUERY_CHARS = 200;
/** Response headers that belong to one answer, not to the page. */
const PER_RESPONSE_HEADERS = new Set(["date", "content-length", "transfer-encoding", "connection", "keep-alive"]);

export interface PageRequest {
  method: string;
  /** The path and query as requested (`/o/unicom/invest?sort=rate_desc`). */
  url: string;
  host: string;
  protocol: string;
  cookieHeader: string;
  embedded: boolean;
}

export interface RenderedPage {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** What makes one answer this person's own: their CSRF token and this response's script nonce. */
export interface PersonalValues {
  csrfToken: string;
  nonce: string;
}

/** An answer as sent: `gzip` when the body is gzip-encoded (a copy's, for a client that accepts it). */
export interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  gzip: boolean;
}

type Hole = keyof PersonalValues;

interface Entry {
  status: number;
  headers: Array<[string, string]>;
  /** The body around its holes: texts[0] + value of holes[0] + texts[1] + … */
  texts: string[];
  holes: Hole[];
  gzip: GzipTemplate;
  expiresAtMs: number;
}

function cookieNames(header: string): string[] {
  const names: string[] = [];
  for (const part of header.split(";")) {
    const name = part.split("=", 1)[0]!.trim();
    if (name) names.push(name);
  }
  return names;
}

/** The key of a request this cache may answer, or null for one it must leave to the render. */
export function cacheKeyOf(request: PageRequest): string | null {
  if (request.method !== "GET") return null;
  const queryAt = request.url.indexOf("?");
  const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt === -1 ? "" : request.url.slice(queryAt);
  if (!CACHED_PATH.test(path) || query.length > MAX_QUERY_CHARS) return null;
  let lang = "";
  for (const name of cookieNames(request.cookieHeader)) {
    if (!SHARED_COOKIES.has(name)) return null;
  }
  const langCookie = /(?:^|;\s*)lang=([^;]*)/.exec(request.cookieHeader);
  if (langCookie) lang = langCookie[1]!;
  return [request.protocol, request.host, path, query, lang, request.embedded ? "framed" : "top"].join("\n");
}

/** The body cut at each occurrence of this person's CSRF token and nonce. */
function cut(body: string, values: PersonalValues): { texts: string[]; holes: Hole[] } {
  const texts: string[] = [];
  const holes: Hole[] = [];
  body.split(values.csrfToken).forEach((aroundToken, i) => {
    if (i > 0) holes.push("csrfToken");
    aroundToken.split(values.nonce).forEach((text, j) => {
      if (j > 0) holes.push("nonce");
      texts.push(text);
    });
  });
  return { texts, holes };
}

/** How many times `part` occurs in `text`. */
function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/**
 * Each value only where the render put it: the token in the forms' `_csrf` fields, the nonce in
 * `nonce` attributes. A CSRF cookie is the visitor's to choose (any 32–64 such characters): one
 * chosen to match text of the page (a loan's id) must not make a hole there for everyone.
 */
function onlyWherePut(body: string, values: PersonalValues): boolean {
  return (
    occurrences(body, values.csrfToken) === occurrences(body, `name="_csrf" value="${values.csrfToken}"`) &&
    occurrences(body, values.nonce) === occurrences(body, `nonce="${values.nonce}"`)
  );
}

function answerFrom(entry: Entry, values: PersonalValues, gzip: boolean): Answer {
  const filled = entry.holes.map((hole) => values[hole]);
  if (gzip) return { status: entry.status, headers: entry.headers, body: fillGzip(entry.gzip, filled), gzip: true };
  return { status: entry.status, headers: entry.headers, body: Buffer.from(entry.texts.map((text, i) => text + (filled[i] ?? "")).join("")), gzip: false };
}

export class PublicPageCache {
  private readonly pages = new Map<string, Entry>();
  /** Renders under way, by generation and key: a second request for the page waits for the first. */
  private readonly inFlight = new Map<string, Promise<Entry | null>>();
  private generation = 0;
  private listening = false;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Listening for notices (again, after a reconnect): whatever is held may have missed one. */
  startListening(): void {
    this.listening = true;
    this.invalidate();
  }

  /** Something the cached pages show changed: drop them all, and every render under way. */
  invalidate(): void {
    this.generation += 1;
    this.pages.clear();
    this.inFlight.clear();
  }

  get size(): number {
    return this.pages.size;
  }

  /**
   * The page for `key` with this person's values, from the copy when one is fresh (gzip-encoded
   * when `accepts.gzip`); otherwise `render` (with these same values) runs — once for all who ask
   * meanwhile — and a 200 without cookies of its own is kept, unless a change was announced while
   * it rendered. A render's own answer goes out as rendered (unencoded). While a copy that is just
   * past its second (no change announced: a change drops it) is rendered anew, others get that copy
   * rather than wait: one request a second pays for the render, not every one that arrives meanwhile.
   */
  async answer(key: string, values: PersonalValues, render: () => Promise<RenderedPage>, accepts: { gzip: boolean }): Promise<Answer> {
    const held = this.pages.get(key);
    const nowMs = this.clock();
    if (held && held.expiresAtMs > nowMs) return answerFrom(held, values, accepts.gzip);
    const rendered = (page: RenderedPage): Answer => ({ status: page.status, headers: page.headers, body: Buffer.from(page.body), gzip: false });
    if (!this.listening) return rendered(await render());
    const flightKey = `${this.generation}\n${key}`;
    const waiting = this.inFlight.get(flightKey);
    // Past its second by less than another: what the page showed a moment ago, never older.
    if (waiting && held && held.expiresAtMs + PAGE_TTL_MS > nowMs) return answerFrom(held, values, accepts.gzip);
    if (waiting) {
      const shared = await waiting.catch(() => null);
      return shared ? answerFrom(shared, values, accepts.gzip) : rendered(await render());
    }
    const generation = this.generation;
    let own: RenderedPage | undefined;
    const flight = render().then((page) => {
      own = page;
      return this.keep(key, page, values, generation);
    });
    this.inFlight.set(flightKey, flight);
    try {
      await flight;
    } finally {
      if (this.inFlight.get(flightKey) === flight) this.inFlight.delete(flightKey);
      if (held && this.pages.get(key) === held) this.pages.delete(key);
    }
    return rendered(own!);
  }

  private keep(key: string, page: RenderedPage, values: PersonalValues, generation: number): Entry | null {
    if (page.status !== 200 || generation !== this.generation) return null;
    if (page.headers.some(([name]) => name.toLowerCase() === "set-cookie")) return null;
    if (!values.csrfToken || !values.nonce || !onlyWherePut(page.body, values)) return null;
    const { texts, holes } = cut(page.body, values);
    const entry: Entry = {
      status: page.status,
      headers: page.headers.filter(([name]) => !PER_RESPONSE_HEADERS.has(name.toLowerCase())),
      texts,
      holes,
      gzip: gzipTemplate(texts),
      expiresAtMs: this.clock() + PAGE_TTL_MS,
    };
    if (this.pages.size >= MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, entry);
    return entry;
  }
}
