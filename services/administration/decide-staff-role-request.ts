import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { staffRoleRequests, userRoles } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { checkReason } from "./check-reason";


/**
 * A second admin approves (the role is granted in the same transaction) or rejects a
 * pending request. The admin who asked cannot decide it (also refused by the database);
 * a decided request is not decided again. Rejecting needs a note; approving may carry one.
 */
export async function decideStaffRoleRequest(
  db: Db,
  input: { operatorId: string; requestId: string; decision: "approve" | "reject"; note?: string; actorUserId: string; now?: Date },
): Promise<{ status: "approved" | "rejected"; userId: string; role: string }> {
  if (!isUuid(input.requestId)) throw new DomainError("staff.request_not_found");
  const note = input.decision === "reject" || (input.note ?? "").trim() !== "" ? checkReason(input.note ?? "") : null;
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(staffRoleRequests)
      .where(and(eq(staffRoleRequests.id, input.requestId), eq(staffRoleRequests.operatorId, input.operatorId)))
      .for("update");
    if (!request) throw new DomainError("staff.request_not_found");
    if (request.status !== "pending") throw new DomainError("staff.request_decided", { details: { status: request.status } });
    if (request.requestedByUserId === input.actorUserId) throw new DomainError("staff.own_request");
    const status = input.decision === "approve" ? "approved" : "rejected";
    await tx
      .update(staffRoleRequests)
      .set({ status, decidedByUserId: input.actorUserId, decidedAt: now, decisionNote: note })
      .where(eq(staffRoleRequests.id, request.id));
    if (status === "approved") await tx.insert(userRoles).values({ userId: request.userId, role: request.role, grantedAt: now }).onConflictDoNothing();
    await recordAudit(
      tx,
      {
        operatorId: input.operatorId,
        actorUserId: input.actorUserId,
        action: status === "approved" ? "staff.role_granted" : "staff.role_request_rejected",
        subject: request.userId,
        details: { role: request.role, reason: request.reason, requestId: request.id, requestedBy: request.requestedByUserId, ...(note ? { note } : {}) },
      },
      now,
    );
    return { status, userId: request.userId, role: request.role };
  });
}
