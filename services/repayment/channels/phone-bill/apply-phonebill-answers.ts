import { and, eq } from "drizzle-orm";
import type { Notify } from "../../../notifications";
import type { DbOrTx } from "../../../../db/client";
import { phonebillDeductions } from "../../../../db/schema";
import { inTransaction } from "../../../ledger/db-helpers";
import { Cny } from "../../../ledger/money";
import { DomainError } from "../../../shared/errors";
import { applyRepayments } from "../../apply-repayments";
import { DUE_PROCESSING_ACTOR } from "../../run-due-processing";
import type { BillingAnswer } from "./operator-billing-adapter";

export type PhonebillAnswerOutcome =
  /** Confirmed: what was deducted is applied to the loan. */
  | "applied"
  /** Confirmed after we had recorded a refusal: the money was taken, so it is applied. */
  | "applied_late"
  | "refused"
  /** Delivered before with the same content: nothing changes. */
  | "unchanged"
  /** A refusal after a confirmation, or a confirmation of another amount: the first confirmation stands. */
  | "ignored"
  /** No request of ours has this id. */
  | "unknown";

export interface PhonebillAnswerResult {
  requestId: string;
  outcome: PhonebillAnswerOutcome;
  repaymentId: string | null;
}

/**
 * Applies the operator billing's answers, each in its own transaction. A confirmation
 * (in full or for less than asked) is applied through applyRepayments (source phone_bill,
 * reference = the request id, amount = what was deducted) and the request row marked
 * confirmed with the amount; a refusal marks the row with the reason. An answer delivered
 * again changes nothing. Defined for out-of-order answers: a confirmation arriving after a
 * refusal is applied (the operator took the money: the later confirmation is the truth);
 * a refusal after a confirmation, or a second confirmation with another amount, is ignored
 * (the first confirmation's money is already owed to us and applied). A confirmation of
 * 0.00 counts as a refusal.
 */
export async function applyPhonebillAnswers(
  db: DbOrTx,
  input: { operatorId: string; answers: readonly BillingAnswer[]; now?: Date; notify?: Notify },
): Promise<PhonebillAnswerResult[]> {
  const { operatorId } = input;
  const now = input.now ?? new Date();
  const results: PhonebillAnswerResult[] = [];
  for (const answer of input.answers) {
    let deducted: Cny;
    try {
      deducted = new Cny(answer.deductedAmount);
    } catch {
      throw new DomainError("repayment.invalid_amount", { field: "deductedAmount", details: { requestId: answer.requestId } });
    }
    if (!deducted.isFinite() || deducted.isNegative() || deducted.decimalPlaces() > 2) {
      throw new DomainError("repayment.invalid_amount", { field: "deductedAmount", details: { requestId: answer.requestId } });
    }
    const confirmed = answer.status === "confirmed" && deducted.gt(0);
    results.push(
      await inTransaction(db, async (tx): Promise<PhonebillAnswerResult> => {
        const [row] = await tx
          .select()
          .from(phonebillDeductions)
          .where(and(eq(phonebillDeductions.operatorId, operatorId), eq(phonebillDeductions.requestId, answer.requestId)))
          .for("update");
        if (!row) return { requestId: answer.requestId, outcome: "unknown", repaymentId: null };
        if (row.status === "confirmed") {
          const same = confirmed && deducted.eq(row.deductedAmount ?? "0");
          return { requestId: row.requestId, outcome: same ? "unchanged" : "ignored", repaymentId: row.repaymentId };
        }
        if (!confirmed) {
          if (row.status === "refused") return { requestId: row.requestId, outcome: "unchanged", repaymentId: null };
          await tx
            .update(phonebillDeductions)
            .set({ status: "refused", deductedAmount: "0.00", refusalReason: answer.reason ?? (answer.status === "confirmed" ? "nothing deducted" : "refused"), answeredAt: now })
            .where(eq(phonebillDeductions.id, row.id));
          return { requestId: row.requestId, outcome: "refused", repaymentId: null };
        }
        if (deducted.gt(row.requestedAmount)) {
          throw new DomainError("repayment.invalid_amount", { field: "deductedAmount", details: { requestId: row.requestId } });
        }
        const [applied] = await applyRepayments(tx, {
          operatorId,
          postedBy: DUE_PROCESSING_ACTOR,
          now,
          requests: [{ loanId: row.loanId, source: "phone_bill", reference: row.requestId, amountCny: deducted, receivedAt: now }],
          notify: input.notify,
        });
        await tx
          .update(phonebillDeductions)
          .set({ status: "confirmed", deductedAmount: deducted.toFixed(2), repaymentId: applied!.repaymentId, answeredAt: now })
          .where(eq(phonebillDeductions.id, row.id));
        return { requestId: row.requestId, outcome: row.status === "refused" ? "applied_late" : "applied", repaymentId: applied!.repaymentId };
      }),
    );
  }
  return results;
}
