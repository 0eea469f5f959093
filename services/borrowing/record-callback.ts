import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { callbackTasks, loanApplications } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { loadApplication, type Actor, type Application } from "./access";
import { recordEvent } from "./events";
import { requireRole } from "./review-guards";

export type CallbackOutcome = "confirmed" | "not_reached" | "failed";

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
