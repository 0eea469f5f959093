import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { operators, sessions, userRoles, users } from "../../db/schema";
import { SESSION_IDLE_MS } from "./limits";
import { parseSessionToken, secretMatches } from "./session-token";
import type { Role } from "./roles";

export interface SessionUser {
  id: string;
  operatorId: string;
  phone: string;
  name: string | null;
  roles: Role[];
  hasPassword: boolean;
}

export interface ValidSession {
  sessionId: string;
  expiresAt: Date;
  /** True when the expiry slid forward, so the cookie should be re-sent. */
  refreshed: boolean;
  user: SessionUser;
  /**
   * The person holds a role their operator protects with a second factor and has not proved
   * it in this session: the guard sends them to the second-factor page before anything else.
   */
  secondFactorPending: boolean;
}

/**
 * Checks a cookie token. Unknown, tampered and expired tokens all give null; an
 * expired row is deleted. Expiry slides forward once half the idle window has
 * passed (one write per half-window, not per request), never past the absolute limit.
 */
export async function validateSession(
  db: DbOrTx,
  token: string,
  now: Date = new Date(),
): Promise<ValidSession | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;

  // One query: the session, its user, the operator's second-factor roles and the user's roles
  // (a comma-joined subquery, read the same on PostgreSQL and PGlite).
  const [row] = await db
    .select({
      session: sessions,
      user: { id: users.id, operatorId: users.operatorId, phone: users.phone, name: users.name, passwordHash: users.passwordHash, closedAt: users.closedAt },
      secondFactorRoles: operators.secondFactorRoles,
      roles: sql<string>`coalesce((select string_agg(${userRoles.role}::text, ',' order by ${userRoles.role}::text) from ${userRoles} where ${userRoles.userId} = ${users.id}), '')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(operators, eq(operators.id, users.operatorId))
    .where(eq(sessions.id, parsed.id))
    .limit(1);
  if (!row || row.user.closedAt) return null;
  if (!secretMatches(parsed.secret, row.session.secretHash)) return null;

  const nowMs = now.getTime();
  if (nowMs >= row.session.expiresAt.getTime() || nowMs >= row.session.absoluteExpiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, parsed.id));
    return null;
  }

  let expiresAt = row.session.expiresAt;
  let refreshed = false;
  if (expiresAt.getTime() - nowMs < SESSION_IDLE_MS / 2) {
    expiresAt = new Date(Math.min(nowMs + SESSION_IDLE_MS, row.session.absoluteExpiresAt.getTime()));
    if (expiresAt.getTime() > row.session.expiresAt.getTime()) {
      await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, parsed.id));
      refreshed = true;
    }
  }

  const roles = (row.roles ? row.roles.split(",").sort() : []) as Role[];
  const protectedRole = roles.some((role) => row.secondFactorRoles.includes(role));
  return {
    sessionId: row.session.id,
    expiresAt,
    refreshed,
    secondFactorPending: protectedRole && row.session.secondFactorAt === null,
    user: {
      id: row.user.id,
      operatorId: row.user.operatorId,
      phone: row.user.phone,
      name: row.user.name,
      roles,
      hasPassword: row.user.passwordHash !== null,
    },
  };
}
