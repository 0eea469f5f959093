import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { loadApplication, type Actor, type Application } from "./access";
import { recordEvent } from "./events";
import { requireRole } from "./review-guards";

/** The second officer sends a proposed approval back to the queue, with a reason. */
export async function declineApproval(db: Db, input: { operatorId: string; applicationId: string; actor: Actor; note: string; now?: Date }): Promise<Application> {
  requireRole(input.actor, "risk_officer");
  const note = input.note.trim();
  if (note.length < 2 || note.length > 500) throw new DomainError("review.reason_required", { field: "note" });
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, input.operatorId, input.applicationId, { forUpdate: true });
    if (app.status !== "pending_confirmation") throw new DomainError("application.wrong_status", { details: { status: app.status } });
    if (app.proposedByUserId === input.actor.userId) throw new DomainError("review.own_approval");
    const [row] = await tx
      .update(loanApplications)
      .set({ status: "in_review", offer: null, finalAmount: null, finalProductId: null, proposedByUserId: null, proposedAt: null, updatedAt: now })
      .where(eq(loanApplications.id, app.id))
      .returning();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "approval_declined", actorUserId: input.actor.userId, note }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "application.approval_declined", subject: app.id, details: { note } }, now);
    return row!;
  });
}
