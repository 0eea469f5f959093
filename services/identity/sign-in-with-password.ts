import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { createSession, type CreatedSession } from "./create-session";
import { PASSWORD_LOCKOUT_MS } from "./limits";
import { assertPasswordNotLocked, clearPasswordFailures, normalizeSource, recordPasswordFailure } from "./password-failures";
import { verifyAgainstDummy, verifyPassword } from "./password-hash";

export interface SignInWithPasswordInput {
  operatorId: string;
  phone: string;
  password: string;
  /** The client's address: failures are counted per account and source. */
  source: string;
  now?: Date;
}

/**
 * Unknown phone, no password set and wrong password give the same error. The fifth failure
 * in a row from one source locks that source out for 15 minutes (even the right password is
 * refused from there, so guessing cannot continue); other sources are unaffected
 * (password-failures.ts).
 */
export async function signInWithPassword(db: Db, input: SignInWithPasswordInput): Promise<CreatedSession & { userId: string }> {
  const now = input.now ?? new Date();
  const source = normalizeSource(input.source);
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.operatorId, input.operatorId), eq(users.phone, input.phone)));
  // A closed account has no password any more: refused as any account without one.
  if (!user || !user.passwordHash || user.closedAt) {
    await verifyAgainstDummy(input.password);
    throw new DomainError("auth.wrong_credentials", { field: "password" });
  }
  await assertPasswordNotLocked(db, { userId: user.id, source, now });
  const matches = await verifyPassword(user.passwordHash, input.password);

  const outcome = await db.transaction(async (tx) => {
    if (!matches) {
      const lockNow = await recordPasswordFailure(tx, { userId: user.id, source, now });
      await recordAudit(tx, { operatorId: input.operatorId, actorUserId: user.id, action: lockNow ? "password.locked" : "password.failed", details: { source } }, now);
      return {
        error: lockNow
          ? new DomainError("auth.locked", { field: "password", details: { minutes: PASSWORD_LOCKOUT_MS / 60000 } })
          : new DomainError("auth.wrong_credentials", { field: "password" }),
      } as const;
    }
    await clearPasswordFailures(tx, { userId: user.id, source });
    const session = await createSession(tx, user.id, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: user.id, action: "session.signed_in_by_password", details: { source } }, now);
    return { session: { ...session, userId: user.id } } as const;
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.session;
}
