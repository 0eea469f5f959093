import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { cardTopUps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { CardTopUp } from "../investing/start-card-top-up";
import type { Notify } from "../notifications";
import { isDomainError } from "../shared/errors";
import { applyRepayments } from "./apply-repayments";

/** The reference a card repayment is applied under: one card payment is one repayment, however often the webhook comes. */
export const cardRepaymentReference = (topUpId: string) => `card:${topUpId}`;

export const CARD_REPAYMENT_ACTOR = { system: "stripe-webhook" } as const;

/**
 * A card repayment the signed webhook has just credited to the borrower's wallet, applied to
 * its loan in the webhook's transaction through the wallet channel's path (applyRepayments,
 * source `wallet`, reference `card:<top-up id>`), exactly like 在线还款 from the wallet. If
 * the loan refuses it by then (paid meanwhile at a store, nothing due, a payoff now short), the
 * money stays in the borrower's wallet — it did arrive — and the audit log says why; a
 * savepoint keeps the credit when the repayment is refused.
 */
export async function applyCardRepayment(tx: DbOrTx, input: { topUp: CardTopUp; now: Date; notify?: Notify }): Promise<string> {
  const { topUp, now } = input;
  if (!topUp.loanId || !topUp.repaymentKind) return "credited";
  try {
    // Inside the webhook's transaction, drizzle's transaction() is a savepoint.
    const [applied] = await (tx as Db).transaction((savepoint) =>
      applyRepayments(savepoint, {
        operatorId: topUp.operatorId,
        requests: [{ loanId: topUp.loanId!, source: "wallet", reference: cardRepaymentReference(topUp.id), amountCny: topUp.amount, kind: topUp.repaymentKind!, receivedAt: now }],
        postedBy: CARD_REPAYMENT_ACTOR,
        now,
        ...(input.notify ? { notify: input.notify } : {}),
      }),
    );
    await tx.update(cardTopUps).set({ repaymentId: applied!.repaymentId, updatedAt: now }).where(eq(cardTopUps.id, topUp.id));
    await recordAudit(tx, { operatorId: topUp.operatorId, actorUserId: null, action: "card_repayment.applied", subject: topUp.loanId, details: { topUpId: topUp.id, repaymentId: applied!.repaymentId, amount: topUp.amount, kind: topUp.repaymentKind } }, now);
    return "repaid";
  } catch (error) {
    if (!isDomainError(error)) throw error;
    await recordAudit(tx, { operatorId: topUp.operatorId, actorUserId: null, action: "card_repayment.refused", subject: topUp.loanId, details: { topUpId: topUp.id, amount: topUp.amount, code: error.code } }, now);
    return "credited_repayment_refused";
  }
}
