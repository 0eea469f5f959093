import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investments, loans, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { voidHold } from "../ledger";
import { Cny } from "../ledger/money";
import type { SmsSender } from "../sms";
import { formatMoney } from "../shared/money-text";

export const FUNDING_WINDOW_ACTOR = { system: "funding-window" } as const;

/**
 * The job for loans whose funding window closed unfilled (funding contract, "loan fails
 * to fund"): for each, in its own transaction with the loan row locked, every pending
 * investment's hold is voided and the investment marked `voided`, the loan becomes
 * `failed`, and each investor gets an SMS (through the adapter, in the same transaction,
 * so a message exists exactly when the release does; it is sent after commit). Safe to run again at any time.
 */
export async function closeUnfundedLoans(
  db: Db,
  input: { operatorId?: string; now?: Date; smsFor: (tx: DbOrTx) => SmsSender },
): Promise<{ closed: string[]; voidedInvestments: number }> {
  const now = input.now ?? new Date();
  const smsFor = input.smsFor;
  const due = await db
    .select({ id: loans.id })
    .from(loans)
    .where(and(eq(loans.status, "funding"), lte(loans.fundingDeadline, now), ...(input.operatorId ? [eq(loans.operatorId, input.operatorId)] : [])))
    .orderBy(asc(loans.fundingDeadline))
    .limit(500);
  const closed: string[] = [];
  let voidedInvestments = 0;
  for (const { id } of due) {
    const voided = await db.transaction(async (tx) => {
      const [loan] = await tx.select().from(loans).where(eq(loans.id, id)).for("update");
      if (!loan || loan.status !== "funding" || loan.fundingDeadline.getTime() > now.getTime()) return null;
      const pending = await tx
        .select()
        .from(investments)
        .where(and(eq(investments.loanId, loan.id), eq(investments.status, "pending")))
        .orderBy(asc(investments.createdAt));
      for (const investment of pending) {
        await voidHold(tx, { operatorId: loan.operatorId, holdId: investment.holdId, voidedBy: FUNDING_WINDOW_ACTOR, now });
      }
      if (pending.length > 0) {
        await tx
          .update(investments)
          .set({ status: "voided", resolvedAt: now })
          .where(inArray(investments.id, pending.map((i) => i.id)));
      }
      await tx.update(loans).set({ status: "failed", closedAt: now }).where(eq(loans.id, loan.id));
      await recordAudit(
        tx,
        { operatorId: loan.operatorId, actorUserId: null, action: "loan.funding_failed", subject: loan.id, details: { fundedAmount: loan.fundedAmount, amount: loan.amount, investmentsVoided: pending.length } },
        now,
      );
      // One message per investor, with what was released to them.
      const perInvestor = new Map<string, ReturnType<typeof Cny.prototype.plus>>();
      for (const investment of pending) {
        perInvestor.set(investment.investorUserId, (perInvestor.get(investment.investorUserId) ?? new Cny(0)).plus(investment.amount));
      }
      if (perInvestor.size > 0) {
        const people = await tx.select({ id: users.id, phone: users.phone }).from(users).where(inArray(users.id, [...perInvestor.keys()]));
        const sms = smsFor(tx);
        for (const person of people) {
          await sms.send({
            operatorId: loan.operatorId,
            phone: person.phone,
            kind: "loan_unfunded",
            params: { title: loan.titleZh, amount: formatMoney(perInvestor.get(person.id)!.toFixed(2)) },
          });
        }
      }
      return pending.length;
    });
    if (voided !== null) {
      closed.push(id);
      voidedInvestments += voided;
    }
  }
  return { closed, voidedInvestments };
}
