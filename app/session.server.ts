import { randomBytes } from "node:crypto";
import { getDb } from "./db.server";
import { getConfig } from "./config.server";
import { identity } from "./services.server";
import { clearingCookies, cookieAttributes, isEmbedded, readCookie } from "./embed.server";
import type { Db } from "../db/client";
import type { ValidSession } from "../services/identity";
import type { OperatorBrand } from "../services/operators";

export const SESSION_COOKIE = "sid";
/** The double-submit CSRF cookie (server.js issues it; forms echo it back as `_csrf`). */
export const CSRF_COOKIE = "csrf";
/** The sealed ID token of an operator sign-on: the id_token_hint of the operator's sign-out. */
const ID_TOKEN_HINT_COOKIE = "sso_idt";

/**
 * HttpOnly; lives as long as the session's absolute limit, the server enforces idle expiry.
 * `SameSite=Lax` at top level, `SameSite=None; Secure; Partitioned` inside the operator's
 * frame (see app/embed.server.ts). The other variant is cleared in the same response, so a
 * browser never holds two `sid` cookies that could shadow each other.
 */
export function sessionCookieHeaders(request: Request, token: string, headers: Headers = new Headers()): Headers {
  const embedded = isEmbedded(request);
  const [clearLax, clearFramed] = clearingCookies(SESSION_COOKIE);
  headers.append("Set-Cookie", embedded ? clearLax! : clearFramed!);
  headers.append(
    "Set-Cookie",
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; ${cookieAttributes(embedded, getConfig().secureCookies)}; Max-Age=${identity.identityLimits.SESSION_ABSOLUTE_MS / 1000}`,
  );
  // A new CSRF token at sign-in: a token planted or read before signing in is worth nothing after.
  headers.append("Set-Cookie", `${CSRF_COOKIE}=${randomBytes(24).toString("base64url")}; Path=/; HttpOnly; ${cookieAttributes(embedded, getConfig().secureCookies)}`);
  return headers;
}

/** Clears the session cookie (both variants) and the operator sign-on's ID token hint. */
export function clearedSessionCookieHeaders(operatorSlug: string, headers: Headers = new Headers()): Headers {
  for (const cookie of clearingCookies(SESSION_COOKIE)) headers.append("Set-Cookie", cookie);
  for (const cookie of clearingCookies(ID_TOKEN_HINT_COOKIE, `/o/${operatorSlug}`)) headers.append("Set-Cookie", cookie);
  return headers;
}

/** Kept beside the session after an operator sign-on, for the operator's sign-out (never readable by scripts). */
export function idTokenHintCookie(request: Request, operatorSlug: string, sealedIdTokenHint: string): string {
  const attributes = cookieAttributes(isEmbedded(request), getConfig().secureCookies);
  return `${ID_TOKEN_HINT_COOKIE}=${sealedIdTokenHint}; Path=/o/${operatorSlug}; HttpOnly; ${attributes}; Max-Age=${identity.identityLimits.SESSION_ABSOLUTE_MS / 1000}`;
}

export function readIdTokenHint(request: Request): string | null {
  return readCookie(request, ID_TOKEN_HINT_COOKIE);
}

const perRequest = new WeakMap<Request, Promise<ValidSession | null>>();

/** The signed-in session, or null; validated once per request however many loaders ask. */
export function getSession(request: Request): Promise<ValidSession | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    const token = readCookie(request, SESSION_COOKIE);
    pending = token ? getDb().then((db) => identity.validateSession(db, token)) : Promise.resolve(null);
    perRequest.set(request, pending);
  }
  return pending;
}

/** A session belongs to one operator's user; under another operator's pages it does not count. */
export async function getOperatorSession(request: Request, operator: OperatorBrand): Promise<ValidSession | null> {
  const session = await getSession(request);
  return session && session.user.operatorId === operator.id ? session : null;
}

/** Only paths of this portal, never `//evil.example`, a full URL or `/\evil`: no open redirect. */
export const safeReturnTo = identity.safeReturnTo;

/** Where a fresh sign-in lands: staff whose roles need a second factor prove it (or enrol) first, then go on. */
export async function landingAfterSignIn(db: Db, operatorSlug: string, token: string, returnTo: string): Promise<string> {
  const session = await identity.validateSession(db, token);
  return session?.secondFactorPending ? `/o/${operatorSlug}/security/second-factor?returnTo=${encodeURIComponent(returnTo)}` : returnTo;
}
