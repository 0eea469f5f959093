import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { createSession, type CreatedSession } from "./create-session";
import { PASSWORD_LOCKOUT_MS, PASSWORD_MAX_FAILURES } from "./limits";
import { verifyAgainstDummy, verifyPassword } from "./password-hash";

export interface SignInWithPasswordInput {
  operatorId: string;
  phone: string;
  password: string;
  now?: Date;
}

/**
 * Unknown phone, no password set and wrong password give the same error. The fifth
 * failure in a row locks the account for 15 minutes; while locked even the right
 * password is refused, so guessing cannot continue.
 */
export async function signInWithPassword(db: Db, input: SignInWithPasswordInput): Promise<CreatedSession & { userId: string }> {
  const now = input.now ?? new Date();
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.operatorId, input.operatorId), eq(users.phone, input.phone)));
  if (!user || !user.passwordHash) {
    await verifyAgainstDummy(input.password);
    throw new DomainError("auth.wrong_credentials", { field: "password" });
  }
  if (user.passwordLockedUntil && user.passwordLockedUntil.getTime() > now.getTime()) {
    throw new DomainError("auth.locked", {
      field: "password",
      details: { minutes: Math.ceil((user.passwordLockedUntil.getTime() - now.getTime()) / 60000) },
    });
  }
  const matches = await verifyPassword(user.passwordHash, input.password);

  const outcome = await db.transaction(async (tx) => {
    // Re-read under lock: two concurrent wrong guesses must both count.
    const [locked] = await tx.select().from(users).where(eq(users.id, user.id)).for("update");
    if (!locked) throw new Error("user vanished during sign-in");
    if (!matches) {
      const failures = locked.failedPasswordAttempts + 1;
      const lockNow = failures >= PASSWORD_MAX_FAILURES;
      await tx
        .update(users)
        .set({
          failedPasswordAttempts: lockNow ? 0 : failures,
          passwordLockedUntil: lockNow ? new Date(now.getTime() + PASSWORD_LOCKOUT_MS) : locked.passwordLockedUntil,
        })
        .where(eq(users.id, user.id));
      await recordAudit(tx, { operatorId: input.operatorId, actorUserId: user.id, action: lockNow ? "password.locked" : "password.failed" }, now);
      return {
        error: lockNow
          ? new DomainError("auth.locked", { field: "password", details: { minutes: PASSWORD_LOCKOUT_MS / 60000 } })
          : new DomainError("auth.wrong_credentials", { field: "password" }),
      } as const;
    }
    await tx.update(users).set({ failedPasswordAttempts: 0, passwordLockedUntil: null }).where(eq(users.id, user.id));
    const session = await createSession(tx, user.id, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: user.id, action: "session.signed_in_by_password" }, now);
    return { session: { ...session, userId: user.id } } as const;
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.session;
}
