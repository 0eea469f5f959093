import type Decimal from "decimal.js";
import { Cny } from "../ledger/money";
import type { Loan } from "../lending";
import { DomainError } from "../shared/errors";

/**
 * The loan's rules for one amount: a multiple of the step, at least the minimum (or all
 * that is left, when less is left), at most what is left. Returns the amount.
 */
export function checkInvestAmount(loan: Pick<Loan, "amount" | "fundedAmount" | "investmentStep" | "minInvestment">, amount: Decimal): Decimal {
  const left = new Cny(loan.amount).minus(loan.fundedAmount);
  const details = { left: left.toFixed(2), min: new Cny(loan.minInvestment).toFixed(2), step: new Cny(loan.investmentStep).toFixed(2) };
  if (amount.gt(left)) throw new DomainError("invest.amount_above_left", { field: "amount", details });
  if (amount.eq(left)) return amount;
  if (amount.lt(loan.minInvestment)) throw new DomainError("invest.amount_below_minimum", { field: "amount", details });
  if (!amount.mod(loan.investmentStep).isZero()) throw new DomainError("invest.amount_step", { field: "amount", details });
  return amount;
}
