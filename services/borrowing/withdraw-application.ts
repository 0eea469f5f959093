import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { loadApplicationFor, type Actor, type Application } from "./access";
import { recordEvent } from "./events";
import { CLOSE_REASON_MAX_CHARS } from "./limits";

/** Before any offer: the borrower withdraws (撤回申请). */
const WITHDRAWABLE = ["draft", "referred", "in_review", "pending_confirmation"] as const;

/**
 * The borrower ends their own application before signing: withdrawn (撤回) while it is
 * still being filled in or reviewed, declined (放弃借款) once the offer is out. The reason
 * is optional. Nothing is held by an unsigned application except its place in the person's
 * exposure (an offer or a pending approval counts toward the cap), which the new status
 * releases at once. A signed application has a listed loan: refused with
 * `application.already_signed`. Doing it twice changes nothing the second time.
 */
export async function withdrawApplication(
  db: Db,
  input: { operatorId: string; applicationId: string; actor: Actor; reason?: string; now?: Date },
): Promise<Application> {
  const reason = (input.reason ?? "").trim();
  if (reason.length > CLOSE_REASON_MAX_CHARS) throw new DomainError("application.reason_too_long", { field: "reason", details: { max: CLOSE_REASON_MAX_CHARS } });
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { app } = await loadApplicationFor(tx, { ...input, allow: ["borrower"], forUpdate: true });
    if (app.status === "withdrawn" || app.status === "declined") return app;
    if (app.status === "signed" || app.loanId) throw new DomainError("application.already_signed", { field: "reason" });
    const status = app.status === "approved" ? "declined" : (WITHDRAWABLE as readonly string[]).includes(app.status) ? "withdrawn" : null;
    if (!status) throw new DomainError("application.wrong_status", { field: "reason", details: { status: app.status } });
    const [row] = await tx
      .update(loanApplications)
      .set({ status, closedAt: now, closeReason: reason || null, updatedAt: now })
      .where(eq(loanApplications.id, app.id))
      .returning();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: status, actorUserId: input.actor.userId, note: reason || null, details: { from: app.status } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: `application.${status}`, subject: app.id, details: { from: app.status } }, now);
    return row!;
  });
}
