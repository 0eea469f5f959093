import { NOTICE_DETAILS } from "../sms";
import Decimal from "decimal.js";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { notifyUser, type Notify } from "../notifications";
import { formatMoney } from "../shared/money-text";
import { DomainError } from "../shared/errors";
import { loadApplication, type Actor, type Application } from "./access";
import { recordEvent } from "./events";
import { getBorrowingSettings } from "./get-borrowing-settings";
import { priceOffer } from "./price-offer";
import { lockPerson, requireRole } from "./review-guards";

/**
 * A risk officer approves with a final amount and product version. The offer (schedule,
 * total, all-in annual cost) is computed and must be within the legal cap and the
 * exposure cap. Above the checker threshold the approval waits for a second officer.
 */
export async function approveApplication(
  db: Db,
  input: { operatorId: string; applicationId: string; actor: Actor; finalAmountCny: string; productId: string; note?: string; now?: Date; notify?: Notify },
): Promise<Application> {
  requireRole(input.actor, "risk_officer");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, input.operatorId, input.applicationId, { forUpdate: true });
    if (app.status === "referred") throw new DomainError("review.callback_open");
    if (app.status !== "in_review") throw new DomainError("application.wrong_status", { details: { status: app.status } });
    await lockPerson(tx, app);
    const offer = await priceOffer(tx, app, input.operatorId, input.productId, input.finalAmountCny);
    const settings = await getBorrowingSettings(tx, input.operatorId);
    const needsChecker = new Decimal(offer.amount).gt(settings.checkerThreshold);
    const [row] = await tx
      .update(loanApplications)
      .set({
        status: needsChecker ? "pending_confirmation" : "approved",
        finalAmount: offer.amount,
        finalProductId: offer.productId,
        offer,
        proposedByUserId: input.actor.userId,
        proposedAt: now,
        confirmedByUserId: null,
        confirmedAt: null,
        decisionNote: input.note?.trim() || null,
        decidedAt: needsChecker ? null : now,
        updatedAt: now,
      })
      .where(eq(loanApplications.id, app.id))
      .returning();
    const details = { amount: offer.amount, productCode: offer.productCode, productVersion: offer.productVersion, allInAnnualCost: offer.allInAnnualCost };
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: needsChecker ? "approval_proposed" : "approved", actorUserId: input.actor.userId, note: input.note ?? null, details }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: needsChecker ? "application.approval_proposed" : "application.approved", subject: app.id, details }, now);
    if (!needsChecker) await notifyUser(tx, input.notify, { operatorId: input.operatorId, userId: app.borrowerUserId, kind: "application_reviewed", params: { detail: approvedDetail(offer.amount) } });
    return row!;
  });
}

/** The review result's sentence for an approval (application_reviewed): the amount, and what to do next. */
export function approvedDetail(amount: string): string {
  return NOTICE_DETAILS.applicationApproved.zh(formatMoney(amount));
}
