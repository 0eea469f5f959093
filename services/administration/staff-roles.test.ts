import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { auditLog, userRoles } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { addOperator } from "./add-operator";
import { decideStaffRoleRequest } from "./decide-staff-role-request";
import { grantStaffRole } from "./grant-staff-role";
import { listStaff } from "./list-staff";
import { requestStaffRole } from "./request-staff-role";
import { revokeStaffRole } from "./revoke-staff-role";

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? `${e.code}${e.field ? `@${e.field}` : ""}` : `unexpected: ${String(e)}`));

describeEachDatabase("staff roles from the admin console", (ctx) => {
  async function operatorWithTwoAdmins(slug: string) {
    const { operatorId } = await addOperator(ctx.db, { slug, nameZh: "测试运营商", nameEn: "Test operator", actor: { system: "test" } });
    const first = await grantStaffRole(ctx.db, { operatorId, phone: "13900000001", role: "admin", actor: { system: "test" } });
    const second = await grantStaffRole(ctx.db, { operatorId, phone: "13900000002", role: "admin", actor: { system: "test" } });
    return { operatorId, admin: first.userId, otherAdmin: second.userId };
  }
  const rolesOf = async (userId: string) => (await ctx.db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role).sort();
  const audits = async (operatorId: string, action: string) => ctx.db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, action)));

  it("grants a clerk at once, but finance waits for a second admin; the maker cannot approve their own request", async () => {
    const { operatorId, admin, otherAdmin } = await operatorWithTwoAdmins("staffa");
    const clerk = await requestStaffRole(ctx.db, { operatorId, phone: "13900000010", role: "store_clerk", reason: "新开城关营业厅", actorUserId: admin });
    expect(clerk.outcome).toBe("granted");
    expect(await rolesOf(clerk.userId)).toEqual(["store_clerk"]);

    const finance = await requestStaffRole(ctx.db, { operatorId, phone: "13900000011", role: "finance", reason: "财务部新同事", actorUserId: admin });
    expect(finance.outcome).toBe("pending");
    expect(await rolesOf(finance.userId)).toEqual([]);
    // Asking again while pending returns the same request.
    expect(await requestStaffRole(ctx.db, { operatorId, phone: "13900000011", role: "finance", reason: "再次申请", actorUserId: admin })).toEqual(finance);
    if (finance.outcome !== "pending") throw new Error("unreachable");

    expect(await codeOf(decideStaffRoleRequest(ctx.db, { operatorId, requestId: finance.requestId, decision: "approve", actorUserId: admin }))).toBe("staff.own_request");
    const approved = await decideStaffRoleRequest(ctx.db, { operatorId, requestId: finance.requestId, decision: "approve", actorUserId: otherAdmin });
    expect(approved).toMatchObject({ status: "approved", role: "finance" });
    expect(await rolesOf(finance.userId)).toEqual(["finance"]);
    expect(await codeOf(decideStaffRoleRequest(ctx.db, { operatorId, requestId: finance.requestId, decision: "reject", note: "晚了", actorUserId: otherAdmin }))).toBe("staff.request_decided");

    const granted = await audits(operatorId, "staff.role_granted");
    expect(granted.map((a) => (a.details as { role: string }).role).sort()).toEqual(["admin", "admin", "finance", "store_clerk"]);
    expect(granted.find((a) => (a.details as { role: string }).role === "finance")).toMatchObject({ actorUserId: otherAdmin, details: { reason: "财务部新同事", requestedBy: admin } });
    expect(await audits(operatorId, "staff.role_requested")).toHaveLength(1);

    const view = await listStaff(ctx.db, { operatorId, viewerUserId: otherAdmin });
    expect(view.staff.find((s) => s.userId === finance.userId)).toMatchObject({ phoneMasked: "139****0011", roles: ["finance"] });
    expect(view.requests[0]).toMatchObject({ status: "approved", role: "finance", requestedByMe: false });
  });

  it("rejects with a note, refuses bad input by field, and never removes the last admin", async () => {
    const { operatorId, admin, otherAdmin } = await operatorWithTwoAdmins("staffb");
    const asked = await requestStaffRole(ctx.db, { operatorId, phone: "13900000020", role: "admin", reason: "区域管理员", actorUserId: admin });
    if (asked.outcome !== "pending") throw new Error("an admin grant must wait");
    expect(await codeOf(decideStaffRoleRequest(ctx.db, { operatorId, requestId: asked.requestId, decision: "reject", note: " ", actorUserId: otherAdmin }))).toBe("staff.reason_required@reason");
    await decideStaffRoleRequest(ctx.db, { operatorId, requestId: asked.requestId, decision: "reject", note: "请走正式流程", actorUserId: otherAdmin });
    expect(await rolesOf(asked.userId)).toEqual([]);
    expect(await audits(operatorId, "staff.role_request_rejected")).toHaveLength(1);

    expect(await codeOf(requestStaffRole(ctx.db, { operatorId, phone: "1390000", role: "finance", reason: "x", actorUserId: admin }))).toBe("phone.invalid@phone");
    expect(await codeOf(requestStaffRole(ctx.db, { operatorId, phone: "13900000021", role: "borrower", reason: "x", actorUserId: admin }))).toBe("staff.unknown_role@role");
    expect(await codeOf(requestStaffRole(ctx.db, { operatorId, phone: "13900000021", role: "finance", reason: "", actorUserId: admin }))).toBe("staff.reason_required@reason");
    expect(await codeOf(requestStaffRole(ctx.db, { operatorId, phone: "13900000021", role: "finance", reason: "a\u0000b", actorUserId: admin }))).toBe("staff.reason_invalid@reason");
    expect(await codeOf(decideStaffRoleRequest(ctx.db, { operatorId, requestId: "not-a-uuid", decision: "approve", actorUserId: otherAdmin }))).toBe("staff.request_not_found");

    expect(await revokeStaffRole(ctx.db, { operatorId, userId: otherAdmin, role: "admin", reason: "离职", actorUserId: admin })).toEqual({ revoked: true });
    expect(await codeOf(revokeStaffRole(ctx.db, { operatorId, userId: admin, role: "admin", reason: "离职", actorUserId: admin }))).toBe("staff.last_admin");
    expect(await rolesOf(admin)).toEqual(["admin"]);
    expect(await revokeStaffRole(ctx.db, { operatorId, userId: otherAdmin, role: "admin", reason: "再来一次", actorUserId: admin })).toEqual({ revoked: false });
    expect(await audits(operatorId, "staff.role_revoked")).toHaveLength(1);
  });

  it("two admins removing each other at once leave one admin", async () => {
    const { operatorId, admin, otherAdmin } = await operatorWithTwoAdmins("staffc");
    const outcomes = await Promise.all([
      codeOf(revokeStaffRole(ctx.db, { operatorId, userId: otherAdmin, role: "admin", reason: "互删", actorUserId: admin })),
      codeOf(revokeStaffRole(ctx.db, { operatorId, userId: admin, role: "admin", reason: "互删", actorUserId: otherAdmin })),
    ]);
    expect(outcomes.sort()).toEqual([null, "staff.last_admin"].sort());
    expect([...(await rolesOf(admin)), ...(await rolesOf(otherAdmin))]).toEqual(["admin"]);
  });
});
