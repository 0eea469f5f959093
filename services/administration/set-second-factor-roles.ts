import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { operators } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { STAFF_ROLES, type Role } from "../identity/roles";
import { DomainError } from "../shared/errors";

/**
 * Which staff roles of the operator must prove a second factor in every session. Sessions
 * already open are asked at their next page when a role is added. Audited with the before
 * and after; unknown roles are refused beside the field.
 */
export async function setSecondFactorRoles(db: Db, input: { operatorId: string; roles: readonly string[]; actorUserId: string; now?: Date }): Promise<Role[]> {
  const unknown = input.roles.filter((r) => !(STAFF_ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) throw new DomainError("staff.unknown_role", { field: "roles" });
  const roles = STAFF_ROLES.filter((r) => input.roles.includes(r));
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ roles: operators.secondFactorRoles }).from(operators).where(eq(operators.id, input.operatorId)).for("update");
    if (!before) throw new DomainError("operator.not_found");
    await tx.update(operators).set({ secondFactorRoles: roles }).where(eq(operators.id, input.operatorId));
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "operator.second_factor_roles", details: { before: before.roles, after: roles } }, input.now ?? new Date());
    return roles;
  });
}

export async function getSecondFactorRoles(db: Db, operatorId: string): Promise<Role[]> {
  const [row] = await db.select({ roles: operators.secondFactorRoles }).from(operators).where(eq(operators.id, operatorId));
  return row?.roles ?? [];
}
