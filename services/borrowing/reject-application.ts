import { NOTICE_DETAILS } from "../sms";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { callbackTasks, loanApplications } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { notifyUser, type Notify } from "../notifications";
import { DomainError } from "../shared/errors";
import { loadApplication, type Actor, type Application } from "./access";
import { recordEvent } from "./events";
import { requireRole } from "./review-guards";

export const REJECT_REASONS = ["credit_risk", "income_insufficient", "documents", "fraud_suspected", "callback_failed", "exposure", "other"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Rejection with at least one reason (shown to the borrower) and an optional note. */
export async function rejectApplication(
  db: Db,
  input: { operatorId: string; applicationId: string; actor: Actor; reasons: string[]; note?: string; now?: Date; notify?: Notify },
): Promise<Application> {
  requireRole(input.actor, "risk_officer");
  const reasons = [...new Set(input.reasons)].filter((r): r is RejectReason => (REJECT_REASONS as readonly string[]).includes(r));
  if (reasons.length === 0) throw new DomainError("review.reason_required", { field: "reasons" });
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, input.operatorId, input.applicationId, { forUpdate: true });
    if (!["referred", "in_review", "pending_confirmation"].includes(app.status)) throw new DomainError("application.wrong_status", { details: { status: app.status } });
    const [row] = await tx
      .update(loanApplications)
      .set({ status: "rejected", rejectReasons: reasons, decisionNote: input.note?.trim() || null, decidedAt: now, offer: null, updatedAt: now })
      .where(eq(loanApplications.id, app.id))
      .returning();
    await tx.update(callbackTasks).set({ note: input.note?.trim() || null }).where(and(eq(callbackTasks.applicationId, app.id)));
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "rejected", actorUserId: input.actor.userId, note: input.note ?? null, details: { reasons } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "application.rejected", subject: app.id, details: { reasons } }, now);
    await notifyUser(tx, input.notify, { operatorId: input.operatorId, userId: app.borrowerUserId, kind: "application_reviewed", params: { detail: NOTICE_DETAILS.applicationRejected.zh() } });
    return row!;
  });
}
