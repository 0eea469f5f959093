import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { invalidateUserSessions } from "./invalidate-session";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { PASSWORD_LOCKOUT_MS, PASSWORD_MIN_LENGTH } from "./limits";
import { hashPassword, verifyPassword } from "./password-hash";
import { assertPasswordNotLocked, clearPasswordFailures, normalizeSource, recordPasswordFailure } from "./password-failures";

export interface SetPasswordInput {
  userId: string;
  /** Required when the user already has a password. */
  currentPassword?: string;
  newPassword: string;
  /** This device stays signed in; every other session of the user ends. */
  keepSessionId?: string;
  /** The client's address: a wrong current password counts like a wrong sign-in from there. */
  source?: string;
  now?: Date;
}

export function checkPasswordStrength(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || !/\d/.test(password) || !/[A-Za-z]/.test(password)) {
    throw new DomainError("auth.password_too_weak", { field: "newPassword", details: { min: PASSWORD_MIN_LENGTH } });
  }
}

export async function setPassword(db: Db, input: SetPasswordInput): Promise<void> {
  checkPasswordStrength(input.newPassword);
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  if (!user) throw new Error(`no user ${input.userId}`);
  const now = input.now ?? new Date();
  const source = normalizeSource(input.source);
  if (user.passwordHash) {
    // The current password guards the change: guessing it is throttled like signing in.
    await assertPasswordNotLocked(db, { userId: user.id, source, now }).catch((e: DomainError) => {
      throw new DomainError(e.code, { field: "currentPassword", details: e.details });
    });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword ?? ""))) {
      const locked = await recordPasswordFailure(db, { userId: user.id, source, now });
      await recordAudit(db, { operatorId: user.operatorId, actorUserId: user.id, action: locked ? "password.locked" : "password.failed", details: { source, during: "change" } }, now);
      throw new DomainError(locked ? "auth.locked" : "auth.wrong_credentials", { field: "currentPassword", details: locked ? { minutes: PASSWORD_LOCKOUT_MS / 60000 } : undefined });
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await clearPasswordFailures(tx, { userId: user.id, source });
    await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, input.userId));
    await invalidateUserSessions(tx, input.userId, input.keepSessionId);
    await recordAudit(tx, { operatorId: user.operatorId, actorUserId: user.id, action: "password.set" });
  });
}
