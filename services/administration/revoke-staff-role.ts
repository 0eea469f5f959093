import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { userRoles, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { STAFF_ROLES, type Role } from "../identity/roles";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { checkReason } from "./check-reason";


/**
 * An admin takes a staff role away, with a reason (audited). Taking rights away needs no
 * second admin; but the operator's last admin cannot be removed (nobody could administer
 * it again without a developer). The person's open sessions keep working until their
 * next request, where the guard reads the roles afresh.
 */
export async function revokeStaffRole(
  db: Db,
  input: { operatorId: string; userId: string; role: string; reason: string; actorUserId: string; now?: Date },
): Promise<{ revoked: boolean }> {
  if (!isUuid(input.userId)) throw new DomainError("staff.not_found");
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) throw new DomainError("staff.unknown_role", { field: "role" });
  const role = input.role as Role;
  const reason = checkReason(input.reason);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [person] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, input.userId), eq(users.operatorId, input.operatorId)));
    if (!person) throw new DomainError("staff.not_found");
    const [held] = await tx.select().from(userRoles).where(and(eq(userRoles.userId, person.id), eq(userRoles.role, role)));
    if (!held) return { revoked: false };
    if (role === "admin") {
      // Serialise admin removals of one operator, so two admins removing each other cannot both succeed.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`admins:${input.operatorId}`}))`);
      const [{ admins } = { admins: 0 }] = await tx
        .select({ admins: sql<number>`count(*)::int` })
        .from(userRoles)
        .innerJoin(users, eq(users.id, userRoles.userId))
        .where(and(eq(users.operatorId, input.operatorId), eq(userRoles.role, "admin")));
      if (admins <= 1) throw new DomainError("staff.last_admin");
    }
    const removed = await tx.delete(userRoles).where(and(eq(userRoles.userId, person.id), eq(userRoles.role, role))).returning({ role: userRoles.role });
    if (removed.length === 0) return { revoked: false }; // removed concurrently
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "staff.role_revoked", subject: person.id, details: { role, reason } }, now);
    return { revoked: true };
  });
}
