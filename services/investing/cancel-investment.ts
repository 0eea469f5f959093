import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { investments, loans } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { voidHold } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { isUuid } from "../shared/ids";
import { DomainError } from "../shared/errors";
import type { Investment } from "./invest";

/** Why an investment can no longer be cancelled, by its loan's status (the message beside the button). */
const REFUSED: Record<string, "invest.cancel_loan_full" | "invest.cancel_disbursing" | "invest.cancel_loan_closed"> = {
  funded: "invest.cancel_loan_full",
  disbursing: "invest.cancel_disbursing",
  disbursed: "invest.cancel_disbursing",
  closed: "invest.cancel_loan_closed",
  failed: "invest.cancel_loan_closed",
};

/**
 * The investor takes back a pending investment while its loan is still funding (撤销出借):
 * in one transaction, under the loan's row lock (the lock every invest takes), the hold
 * on their wallet is voided (services/ledger voidHold: the money is available again, no
 * entry is posted), the investment becomes `voided` and the loan's funded amount goes down
 * by it. Once the loan is full (满标, awaiting payout) or being paid out the money is
 * promised to the borrower: refused with the reason. Cancelling again returns the first
 * result (`replayed`); another investor's investment is not found.
 */
export async function cancelInvestment(
  db: Db,
  input: { operatorId: string; investorUserId: string; investmentId: string; now?: Date },
): Promise<{ investment: Investment; replayed: boolean }> {
  if (!isUuid(input.investmentId)) throw new DomainError("investment.not_found");
  const now = input.now ?? new Date();
  const [unlocked] = await db
    .select({ loanId: investments.loanId })
    .from(investments)
    .where(and(eq(investments.operatorId, input.operatorId), eq(investments.id, input.investmentId), eq(investments.investorUserId, input.investorUserId)));
  if (!unlocked) throw new DomainError("investment.not_found");
  return db.transaction(async (tx) => {
    const [loan] = await tx.select().from(loans).where(eq(loans.id, unlocked.loanId)).for("update");
    const [investment] = await tx.select().from(investments).where(eq(investments.id, input.investmentId));
    if (!loan || !investment) throw new DomainError("investment.not_found");
    if (investment.status === "voided") return { investment, replayed: true };
    const refused = investment.status === "confirmed" ? "invest.cancel_disbursing" : REFUSED[loan.status];
    if (refused) throw new DomainError(refused, { details: { status: loan.status } });
    await voidHold(tx, { operatorId: input.operatorId, holdId: investment.holdId, voidedBy: { userId: input.investorUserId }, now });
    const [voided] = await tx.update(investments).set({ status: "voided", resolvedAt: now }).where(eq(investments.id, investment.id)).returning();
    const funded = new Cny(loan.fundedAmount).minus(investment.amount);
    await tx.update(loans).set({ fundedAmount: formatCny(funded) }).where(eq(loans.id, loan.id));
    await recordAudit(
      tx,
      { operatorId: input.operatorId, actorUserId: input.investorUserId, action: "investment.cancelled", subject: investment.id, details: { loanId: loan.id, amount: investment.amount, fundedAfter: formatCny(funded) } },
      now,
    );
    return { investment: voided!, replayed: false };
  });
}
