import Decimal from "decimal.js";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { callbackTasks, loanApplications, products } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { loadApplication, type Actor, type Application } from "./access";
import { recordEvent } from "./events";
import { personExposure } from "./exposure";
import { buildOffer, type Offer } from "./offer";
import { getBorrowingSettings } from "./settings";
import { isTypedAmount } from "../ledger/money-input";

export const REJECT_REASONS = ["credit_risk", "income_insufficient", "documents", "fraud_suspected", "callback_failed", "exposure", "other"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export type CallbackOutcome = "confirmed" | "not_reached" | "failed";

function requireRole(actor: Actor, ...roles: Actor["roles"][number][]) {
  if (!actor.roles.some((r) => roles.includes(r))) throw new DomainError("application.forbidden");
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function lockPerson(tx: Tx, app: Application) {
  if (app.idNumberHash) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`person:${Buffer.from(app.idNumberHash).toString("hex")}`}))`);
}

/**
 * The call-back (电话回访) of a referred application, by a risk officer or the store
 * clerk: confirmed → on to the risk officer; failed → rejected; not reached → noted,
 * the task stays open.
 */
export async function recordCallback(
  db: Db,
  input: { operatorId: string; applicationId: string; actor: Actor; outcome: CallbackOutcome; note: string; now?: Date },
): Promise<Application> {
  requireRole(input.actor, "risk_officer");
  const note = input.note.trim();
  if (note.length < 2 || note.length > 500) throw new DomainError("review.reason_required", { field: "note" });
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, input.operatorId, input.applicationId, { forUpdate: true });
    if (app.status !== "referred") throw new DomainError("application.wrong_status", { details: { status: app.status } });
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "callback_recorded", actorUserId: input.actor.userId, note, details: { outcome: input.outcome } }, now);
    if (input.outcome === "not_reached") {
      await tx.update(callbackTasks).set({ note }).where(eq(callbackTasks.applicationId, app.id));
      return app;
    }
    await tx
      .update(callbackTasks)
      .set({ outcome: input.outcome, note, doneByUserId: input.actor.userId, doneAt: now })
      .where(eq(callbackTasks.applicationId, app.id));
    const set =
      input.outcome === "confirmed"
        ? { status: "in_review" as const, updatedAt: now }
        : { status: "rejected" as const, rejectReasons: ["callback_failed"], decisionNote: note, decidedAt: now, updatedAt: now };
    const [row] = await tx.update(loanApplications).set(set).where(eq(loanApplications.id, app.id)).returning();
    if (input.outcome === "failed") await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "rejected", actorUserId: input.actor.userId, note }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "application.callback", subject: app.id, details: { outcome: input.outcome } }, now);
    return row!;
  });
}

async function offerFor(tx: Tx, app: Application, operatorId: string, productId: string, amountCny: string): Promise<Offer> {
  const [product] = await tx.select().from(products).where(and(eq(products.operatorId, operatorId), eq(products.id, productId)));
  if (!product || !product.active) throw new DomainError("review.product_invalid", { field: "productId" });
  if (!isTypedAmount(amountCny)) throw new DomainError("review.amount_invalid", { field: "finalAmount" });
  const amount = new Decimal(amountCny);
  if (amount.lt(product.minAmount) || amount.gt(product.maxAmount)) {
    throw new DomainError("review.amount_invalid", { field: "finalAmount", details: { min: product.minAmount, max: product.maxAmount } });
  }
  const settings = await getBorrowingSettings(tx, operatorId);
  const offer = buildOffer(product, amount.toFixed(2), settings);
  const exposure = await personExposure(tx, { idNumberHash: app.idNumberHash!, borrowerUserId: app.borrowerUserId, excludeApplicationId: app.id });
  if (new Decimal(exposure.outstandingCny).plus(offer.amount).gt(settings.exposureCap)) {
    throw new DomainError("review.exposure_cap", { field: "finalAmount", details: { outstanding: exposure.outstandingCny, cap: settings.exposureCap } });
  }
  return offer;
}

/**
 * A risk officer approves with a final amount and product version. The offer (schedule,
 * total, all-in annual cost) is computed and must be within the legal cap and the
 * exposure cap. Above the checker threshold the approval waits for a second officer.
 */
export async function approveApplication(
  db: Db,
  input: { operatorId: string; applicationId: string; actor: Actor; finalAmountCny: string; productId: string; note?: string; now?: Date },
): Promise<Application> {
  requireRole(input.actor, "risk_officer");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, input.operatorId, input.applicationId, { forUpdate: true });
    if (app.status === "referred") throw new DomainError("review.callback_open");
    if (app.status !== "in_review") throw new DomainError("application.wrong_status", { details: { status: app.status } });
    await lockPerson(tx, app);
    const offer = await offerFor(tx, app, input.operatorId, input.productId, input.finalAmountCny);
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
    return row!;
  });
}

/** The second officer's confirmation; nobody confirms their own approval. The offer is recomputed under today's settings. */
export async function confirmApproval(db: Db, input: { operatorId: string; applicationId: string; actor: Actor; note?: string; now?: Date }): Promise<Application> {
  requireRole(input.actor, "risk_officer");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, input.operatorId, input.applicationId, { forUpdate: true });
    if (app.status !== "pending_confirmation") throw new DomainError("application.wrong_status", { details: { status: app.status } });
    if (app.proposedByUserId === input.actor.userId) throw new DomainError("review.own_approval");
    await lockPerson(tx, app);
    const offer = await offerFor(tx, app, input.operatorId, app.finalProductId!, app.finalAmount!);
    const [row] = await tx
      .update(loanApplications)
      .set({ status: "approved", offer, confirmedByUserId: input.actor.userId, confirmedAt: now, decidedAt: now, updatedAt: now })
      .where(eq(loanApplications.id, app.id))
      .returning();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "approval_confirmed", actorUserId: input.actor.userId, note: input.note ?? null, details: { amount: offer.amount } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "application.approval_confirmed", subject: app.id }, now);
    return row!;
  });
}

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

/** Rejection with at least one reason (shown to the borrower) and an optional note. */
export async function rejectApplication(
  db: Db,
  input: { operatorId: string; applicationId: string; actor: Actor; reasons: string[]; note?: string; now?: Date },
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
    return row!;
  });
}
