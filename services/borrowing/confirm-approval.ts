import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { notifyUser, type Notify } from "../notifications";
import { approvedDetail } from "./approve-application";
import { DomainError } from "../shared/errors";
import { loadApplication, type Actor, type Application } from "./access";
import { recordEvent } from "./events";
import { priceOffer } from "./price-offer";
import { lockPerson, requireRole } from "./review-guards";

/** The second officer's confirmation; nobody confirms their own approval. The offer is recomputed under today's settings. */
export async function confirmApproval(db: Db, input: { operatorId: string; applicationId: string; actor: Actor; note?: string; now?: Date; notify?: Notify }): Promise<Application> {
  requireRole(input.actor, "risk_officer");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, input.operatorId, input.applicationId, { forUpdate: true });
    if (app.status !== "pending_confirmation") throw new DomainError("application.wrong_status", { details: { status: app.status } });
    if (app.proposedByUserId === input.actor.userId) throw new DomainError("review.own_approval");
    await lockPerson(tx, app);
    const offer = await priceOffer(tx, app, input.operatorId, app.finalProductId!, app.finalAmount!);
    const [row] = await tx
      .update(loanApplications)
      .set({ status: "approved", offer, confirmedByUserId: input.actor.userId, confirmedAt: now, decidedAt: now, updatedAt: now })
      .where(eq(loanApplications.id, app.id))
      .returning();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "approval_confirmed", actorUserId: input.actor.userId, note: input.note ?? null, details: { amount: offer.amount } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "application.approval_confirmed", subject: app.id }, now);
    await notifyUser(tx, input.notify, { operatorId: input.operatorId, userId: app.borrowerUserId, kind: "application_reviewed", params: { detail: approvedDetail(offer.amount) } });
    return row!;
  });
}
