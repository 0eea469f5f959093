import { Cny } from "../ledger/money";
import type { loanInstallments } from "../../db/schema";

type Installment = typeof loanInstallments.$inferSelect;

/** 还款明细: what is still owed of each installment's principal, interest (less waived) and penalty, and whether it is overdue on `today`. */
export function owedByInstallment(installments: readonly Installment[], today: string) {
  return installments.map((i) => {
    const principalOwed = new Cny(i.principal).minus(i.principalPaid);
    const interestOwed = new Cny(i.interest).minus(i.interestPaid).minus(i.interestWaived);
    const penaltyOwed = new Cny(i.penaltyAccrued).minus(i.penaltyPaid);
    return {
      n: i.n,
      dueDate: i.dueDate,
      status: i.status,
      overdue: i.dueDate < today && principalOwed.plus(interestOwed).plus(penaltyOwed).gt(0),
      principal: i.principal,
      interest: i.interest,
      penaltyAccrued: i.penaltyAccrued,
      principalOwed: principalOwed.toFixed(2),
      interestOwed: interestOwed.toFixed(2),
      penaltyOwed: penaltyOwed.toFixed(2),
      totalOwed: principalOwed.plus(interestOwed).plus(penaltyOwed).toFixed(2),
    };
  });
}
