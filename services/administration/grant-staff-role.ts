import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { userRoles, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { hashPassword } from "../identity/password-hash";
import { PHONE_PATTERN } from "../identity/phone";
import { STAFF_ROLES, type Role } from "../identity/roles";
import { checkPasswordStrength } from "../identity/set-password";
import { DomainError } from "../shared/errors";

/**
 * Makes a phone number a staff member of one operator with one role, creating the user if
 * needed and setting a first password when given (only where the user has none: an existing
 * password is the person's own). Idempotent; audited in the same transaction.
 * The console's maker-checker for finance and admin grants builds on this (issue 14).
 */
export interface GrantStaffRoleInput {
  operatorId: string;
  phone: string;
  role: string;
  password?: string;
  actor: { userId: string } | { system: string };
}

export async function grantStaffRole(db: Db, input: GrantStaffRoleInput): Promise<{ userId: string; userCreated: boolean; roleGranted: boolean; passwordSet: boolean }> {
  const phone = input.phone.trim();
  if (!PHONE_PATTERN.test(phone)) throw new DomainError("phone.invalid", { field: "phone" });
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) throw new DomainError("staff.unknown_role", { field: "role" });
  const role = input.role as Role;
  if (input.password !== undefined) checkPasswordStrength(input.password);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = await findOrCreateUser(tx, input.operatorId, phone);
    const granted = await tx.insert(userRoles).values({ userId: user.id, role }).onConflictDoNothing().returning({ role: userRoles.role });
    const passwordSet = passwordHash
      ? (await tx.update(users).set({ passwordHash }).where(and(eq(users.id, user.id), isNull(users.passwordHash))).returning({ id: users.id })).length > 0
      : false;
    const actorUserId = "userId" in input.actor ? input.actor.userId : null;
    if (granted.length > 0) {
      await recordAudit(tx, { operatorId: input.operatorId, actorUserId, action: "staff.role_granted", subject: user.id, details: { role, by: "system" in input.actor ? input.actor.system : "user" } });
    }
    return { userId: user.id, userCreated: user.created, roleGranted: granted.length > 0, passwordSet };
  });
}
