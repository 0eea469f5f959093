import { and, asc, eq, isNotNull, lte } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { SmsSender } from "../sms";
import { formatMoney } from "../shared/money-text";
import { recordEvent } from "./events";
import { OFFER_VALID_DAYS } from "./limits";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Offers handled per call; the due step calls until none is left. */
export const EXPIRE_OFFERS_PAGE = 200;

/**
 * Approved offers left unsigned for OFFER_VALID_DAYS expire (已过期): each in its own
 * transaction with the application row locked (a signature racing it either lands first,
 * and the offer is signed, or finds it expired), which releases the offer's place in the
 * person's exposure; the borrower is told by SMS (recorded in the same transaction, sent
 * after commit by the notifications dispatcher). Safe to run again at any time.
 */
export async function expireOffers(
  db: Db,
  input: { operatorId: string; now?: Date; smsFor: (tx: DbOrTx) => SmsSender },
): Promise<{ expired: string[] }> {
  const now = input.now ?? new Date();
  const issuedBefore = new Date(now.getTime() - OFFER_VALID_DAYS * DAY_MS);
  const due = await db
    .select({ id: loanApplications.id })
    .from(loanApplications)
    .where(and(eq(loanApplications.operatorId, input.operatorId), eq(loanApplications.status, "approved"), isNotNull(loanApplications.decidedAt), lte(loanApplications.decidedAt, issuedBefore)))
    .orderBy(asc(loanApplications.decidedAt))
    .limit(EXPIRE_OFFERS_PAGE);
  const expired: string[] = [];
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [app] = await tx.select().from(loanApplications).where(eq(loanApplications.id, id)).for("update");
      if (!app || app.status !== "approved" || !app.decidedAt || app.decidedAt.getTime() > issuedBefore.getTime()) return false;
      await tx.update(loanApplications).set({ status: "expired", closedAt: now, updatedAt: now }).where(eq(loanApplications.id, app.id));
      const details = { amount: app.finalAmount, offeredAt: app.decidedAt.toISOString(), validDays: OFFER_VALID_DAYS };
      await recordEvent(tx, { operatorId: app.operatorId, applicationId: app.id, kind: "expired", actorUserId: null, details }, now);
      await recordAudit(tx, { operatorId: app.operatorId, actorUserId: null, action: "application.expired", subject: app.id, details }, now);
      await input.smsFor(tx).send({
        operatorId: app.operatorId,
        phone: app.phone,
        kind: "offer_expired",
        params: { amount: formatMoney(app.finalAmount ?? "0"), days: String(OFFER_VALID_DAYS) },
      });
      return true;
    });
    if (done) expired.push(id);
  }
  return { expired };
}
