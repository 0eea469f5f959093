import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { passwordFailures } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { ACCOUNT_PASSWORD_MAX_FAILURES, PASSWORD_LOCKOUT_MS, PASSWORD_MAX_FAILURES } from "./limits";

/**
 * Wrong passwords are counted per account and source (the client's address): five in a row
 * from one source lock that source out of the account for 15 minutes, while the owner, from
 * anywhere else, still signs in. The source ALL_SOURCES counts failures from everywhere, with
 * a much higher ceiling: guessing spread over many addresses pauses password sign-in for the
 * account (SMS sign-in still works). Each count is one atomic upsert, so concurrent wrong
 * guesses all count.
 */
export const ALL_SOURCES = "*";
/** Sources are addresses; anything longer is cut so a forged header cannot bloat the table. */
const MAX_SOURCE_CHARS = 64;

export function normalizeSource(source: string | undefined): string {
  const trimmed = (source ?? "").trim().slice(0, MAX_SOURCE_CHARS);
  return trimmed && trimmed !== ALL_SOURCES ? trimmed : "unknown";
}

/** Refuses with `auth.locked` (minutes left) while this source, or every source, is locked out. */
export async function assertPasswordNotLocked(db: DbOrTx, input: { userId: string; source: string; now: Date }): Promise<void> {
  const rows = await db
    .select({ lockedUntil: passwordFailures.lockedUntil })
    .from(passwordFailures)
    .where(and(eq(passwordFailures.userId, input.userId), inArray(passwordFailures.source, [input.source, ALL_SOURCES]), gt(passwordFailures.lockedUntil, input.now)));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  if (until > input.now.getTime()) {
    throw new DomainError("auth.locked", { field: "password", details: { minutes: Math.ceil((until - input.now.getTime()) / 60_000) } });
  }
}

async function count(db: DbOrTx, userId: string, source: string, max: number, now: Date): Promise<boolean> {
  if (!(max > 1)) throw new Error("a lockout needs more than one failure");
  const lockUntil = new Date(now.getTime() + PASSWORD_LOCKOUT_MS);
  const [row] = await db
    .insert(passwordFailures)
    .values({ userId, source, failures: 1, lockedUntil: null, updatedAt: now })
    .onConflictDoUpdate({
      target: [passwordFailures.userId, passwordFailures.source],
      set: {
        // The count restarts when it locks: after the lockout the next failures count afresh.
        failures: sql`case when ${passwordFailures.failures} + 1 >= ${max} then 0 else ${passwordFailures.failures} + 1 end`,
        lockedUntil: sql`case when ${passwordFailures.failures} + 1 >= ${max} then ${lockUntil.toISOString()}::timestamptz else ${passwordFailures.lockedUntil} end`,
        updatedAt: now,
      },
    })
    .returning({ lockedUntil: passwordFailures.lockedUntil });
  return Boolean(row?.lockedUntil && row.lockedUntil.getTime() > now.getTime());
}

/** Counts one wrong password; true when it locked this source (or every source) out. */
export async function recordPasswordFailure(db: DbOrTx, input: { userId: string; source: string; now: Date }): Promise<boolean> {
  const sourceLocked = await count(db, input.userId, input.source, PASSWORD_MAX_FAILURES, input.now);
  const accountLocked = await count(db, input.userId, ALL_SOURCES, ACCOUNT_PASSWORD_MAX_FAILURES, input.now);
  return sourceLocked || accountLocked;
}

/** A right password clears this source's count and the account-wide one. */
export async function clearPasswordFailures(db: DbOrTx, input: { userId: string; source: string }): Promise<void> {
  await db.delete(passwordFailures).where(and(eq(passwordFailures.userId, input.userId), inArray(passwordFailures.source, [input.source, ALL_SOURCES])));
}
