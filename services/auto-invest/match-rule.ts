import Decimal from "decimal.js";
import type { Loan } from "../lending";
import type { RuleTerms } from "./parse-rule";

type RuleFilter = Pick<RuleTerms, "minTermMonths" | "maxTermMonths" | "methods" | "riskLevels"> & { minRate: Decimal.Value; maxRate: Decimal.Value };
type LoanTerms = Pick<Loan, "annualRate" | "termMonths" | "method" | "riskLevel">;

/** The loan is one the rule buys: rate and term within its ranges (inclusive), one of its methods and risk levels. */
export function ruleMatchesLoan(rule: RuleFilter, loan: LoanTerms): boolean {
  const rate = new Decimal(loan.annualRate);
  return (
    rate.gte(rule.minRate) &&
    rate.lte(rule.maxRate) &&
    loan.termMonths >= rule.minTermMonths &&
    loan.termMonths <= rule.maxTermMonths &&
    rule.methods.includes(loan.method) &&
    rule.riskLevels.includes(loan.riskLevel)
  );
}

export interface AmountRoom {
  /** The loan as it stands: amount, funded, step and minimum. */
  loan: Pick<Loan, "amount" | "fundedAmount" | "investmentStep" | "minInvestment">;
  amountPerLoan: Decimal.Value;
  /** What the rule may still invest under its maximum total (see rule-budget.ts). */
  budgetLeft: Decimal.Value;
  /** The wallet's available balance minus the cash the rule keeps. */
  spendable: Decimal.Value;
  /** While the manual share is reserved: what all rules together may still add to the loan; null after. */
  autoRoomLeft: Decimal.Value | null;
}

/**
 * How much the rule invests in the loan now, or null: the least of its amount per loan, its
 * budget, the spendable cash, what is left in the loan and (in the window) the auto room —
 * rounded down to the loan's step, at least its minimum; or exactly all that is left when that is
 * within every bound (the loan's own rule: the last part may be below the minimum).
 */
export function amountToInvest(room: AmountRoom): Decimal | null {
  const { loan } = room;
  const left = new Decimal(loan.amount).minus(loan.fundedAmount);
  if (left.lte(0)) return null;
  const bounds = [room.amountPerLoan, room.budgetLeft, room.spendable, ...(room.autoRoomLeft === null ? [] : [room.autoRoomLeft])].map((v) => new Decimal(v));
  const most = Decimal.min(...bounds);
  if (most.gte(left)) return left;
  const stepped = most.div(loan.investmentStep).floor().times(loan.investmentStep);
  return stepped.gte(loan.minInvestment) && stepped.gt(0) ? stepped : null;
}
