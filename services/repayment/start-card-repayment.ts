import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { cardTopUps } from "../../db/schema";
import { openCardCheckout, type CardTopUp } from "../investing/start-card-top-up";
import { Cny, formatCny } from "../ledger/money";
import type { CardCheckout } from "../payments/stripe";
import { DomainError } from "../shared/errors";
import { collectionInFlight } from "./channels/collection-in-flight";
import { describeLoanRepayment } from "./describe-loan-repayment";

/**
 * The borrower pays their loan by card (银行卡还款): the current installment (what is due
 * today, or the next one when nothing is) or the payoff, the amount fixed by the loan here,
 * never typed. Opens Stripe's hosted checkout through the card top-up path
 * (openCardCheckout) with the loan and kind on it; nothing is paid or applied until the
 * signed webhook says paid (apply-card-repayment.ts). A repeated submit returns the same
 * checkout. Not the borrower's loan: not found; a closed loan or nothing owed: nothing due.
 * While a bank debit or bill deduction of the loan awaits its answer, a new checkout is
 * refused (`repayment.collecting`), so the card is not charged for what the debit pays.
 */
export async function startCardRepayment(
  db: Db,
  checkout: CardCheckout,
  input: {
    operatorId: string;
    borrowerUserId: string;
    loanId: string;
    kind: "installment" | "payoff";
    idempotencyKey: string;
    successUrl: (topUpId: string) => string;
    cancelUrl: (topUpId: string) => string;
    now?: Date;
  },
): Promise<{ topUp: CardTopUp; replayed: boolean }> {
  const view = await describeLoanRepayment(db, { operatorId: input.operatorId, loanId: input.loanId, ...(input.now ? { now: input.now } : {}) });
  if (view.borrowerUserId !== input.borrowerUserId) throw new DomainError("repayment.loan_not_found");
  const amount = new Cny((input.kind === "payoff" ? view.payoffTotal : view.due.total) ?? "0");
  if (view.status !== "disbursed" || amount.lte(0)) throw new DomainError("repayment.nothing_due", { field: "kind" });
  const [opened] = await db.select({ id: cardTopUps.id }).from(cardTopUps).where(and(eq(cardTopUps.operatorId, input.operatorId), eq(cardTopUps.idempotencyKey, input.idempotencyKey.trim())));
  if (!opened && (await collectionInFlight(db, { operatorId: input.operatorId, loanId: view.loanId }))) throw new DomainError("repayment.collecting", { field: "kind" });
  const what = input.kind === "payoff" ? "提前结清 Loan payoff" : "还款 Loan repayment";
  return openCardCheckout(db, checkout, {
    operatorId: input.operatorId,
    userId: input.borrowerUserId,
    amount,
    idempotencyKey: input.idempotencyKey,
    description: `${what} ${view.loanNo} ${formatCny(amount)} CNY`,
    repayment: { loanId: view.loanId, kind: input.kind },
    successUrl: input.successUrl,
    cancelUrl: input.cancelUrl,
    ...(input.now ? { now: input.now } : {}),
  });
}
