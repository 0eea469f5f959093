import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { staffRoleRequests, userRoles } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { PHONE_PATTERN } from "../identity/phone";
import { STAFF_ROLES, type Role } from "../identity/roles";
import { DomainError } from "../shared/errors";
import { checkReason } from "./check-reason";
import { needsSecondAdmin } from "./staff-role-rules";

export type StaffRoleRequestOutcome =
  | { outcome: "granted"; userId: string }
  | { outcome: "already_held"; userId: string }
  | { outcome: "pending"; userId: string; requestId: string };

/**
 * An admin gives a staff role to a phone number (the person is created if new, and signs
 * in by SMS code or the operator's sign-on). Roles that move money or rights (finance,
 * admin) become a pending request a different admin must approve; the others are granted
 * at once. Every outcome is audited with the reason; the same request twice while one is
 * pending returns that request.
 */
export async function requestStaffRole(
  db: Db,
  input: { operatorId: string; phone: string; role: string; reason: string; actorUserId: string; now?: Date },
): Promise<StaffRoleRequestOutcome> {
  const phone = input.phone.trim();
  if (!PHONE_PATTERN.test(phone)) throw new DomainError("phone.invalid", { field: "phone" });
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) throw new DomainError("staff.unknown_role", { field: "role" });
  const role = input.role as Role;
  const reason = checkReason(input.reason);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const user = await findOrCreateUser(tx, input.operatorId, phone);
    const [held] = await tx.select().from(userRoles).where(and(eq(userRoles.userId, user.id), eq(userRoles.role, role)));
    if (held) return { outcome: "already_held", userId: user.id };
    if (!needsSecondAdmin(role)) {
      await tx.insert(userRoles).values({ userId: user.id, role, grantedAt: now }).onConflictDoNothing();
      await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "staff.role_granted", subject: user.id, details: { role, reason } }, now);
      return { outcome: "granted", userId: user.id };
    }
    const [created] = await tx
      .insert(staffRoleRequests)
      .values({ operatorId: input.operatorId, userId: user.id, role, reason, requestedByUserId: input.actorUserId, requestedAt: now })
      .onConflictDoNothing()
      .returning({ id: staffRoleRequests.id });
    if (!created) {
      const [pending] = await tx
        .select({ id: staffRoleRequests.id })
        .from(staffRoleRequests)
        .where(and(eq(staffRoleRequests.userId, user.id), eq(staffRoleRequests.role, role), eq(staffRoleRequests.status, "pending")));
      return { outcome: "pending", userId: user.id, requestId: pending!.id };
    }
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "staff.role_requested", subject: user.id, details: { role, reason, requestId: created.id } }, now);
    return { outcome: "pending", userId: user.id, requestId: created.id };
  });
}
