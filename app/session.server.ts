import { redirect } from "@remix-run/node";
import { getDb } from "./db.server";
import { getConfig } from "./config.server";
import { identity } from "./services.server";
import type { ValidSession, Role } from "../services/identity";

import type { OperatorBrand } from "../services/operators";


const SESSION_COOKIE = "sid";

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** HttpOnly; lives as long as the session's absolute limit, the server enforces idle expiry. */
export function sessionCookie(token: string): string {
  const secure = getConfig().secureCookies ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${identity.identityLimits.SESSION_ABSOLUTE_MS / 1000}${secure}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
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

export async function requireSession(
  request: Request,
  operator: OperatorBrand,
  options: { role?: Role } = {},
): Promise<ValidSession> {
  const session = await getOperatorSession(request, operator);
  if (!session) {
    const url = new URL(request.url);
    throw redirect(`/o/${operator.slug}/login?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (options.role && !session.user.roles.includes(options.role)) {
    throw new Response("Forbidden", { status: 403, statusText: "role" });
  }
  return session;
}

/** Only paths of this portal, never `//evil.example` or a full URL: no open redirect. */
export function safeReturnTo(value: unknown, fallback: string): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}
