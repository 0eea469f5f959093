import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { invalidateUserSessions } from "./invalidate-session";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { PASSWORD_MIN_LENGTH } from "./limits";
import { hashPassword, verifyPassword } from "./password-hash";

export interface SetPasswordInput {
  userId: string;
  /** Required when the user already has a password. */
  currentPassword?: string;
  newPassword: string;
  /** This device stays signed in; every other session of the user ends. */
  keepSessionId?: string;
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
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.currentPassword ?? ""))) {
    throw new DomainError("auth.wrong_credentials", { field: "currentPassword" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, failedPasswordAttempts: 0, passwordLockedUntil: null })
      .where(eq(users.id, input.userId));
    await invalidateUserSessions(tx, input.userId, input.keepSessionId);
    await recordAudit(tx, { operatorId: user.operatorId, actorUserId: user.id, action: "password.set" });
  });
}
