import Decimal from "decimal.js";

export const DAYS_PER_YEAR = 365;

/**
 * The penalty rate a day actually charged: the contract's, but never so much that the
 * contract rate plus penalty, as a simple annual rate on the overdue principal, passes the
 * legal cap (4 × LPR). A contract already at the cap charges no penalty at all.
 */
export function effectivePenaltyDailyRate(input: { penaltyDailyRate: Decimal.Value; annualRate: Decimal.Value; legalCapAnnualRate: Decimal.Value }): Decimal {
  const room = Decimal.max(0, new Decimal(input.legalCapAnnualRate).minus(input.annualRate)).div(DAYS_PER_YEAR);
  return Decimal.min(new Decimal(input.penaltyDailyRate), room).toDecimalPlaces(10, Decimal.ROUND_DOWN);
}

/** Penalty for `days` days on the overdue principal, rounded half up to the fen. */
export function penaltyFor(input: { overduePrincipalCny: Decimal.Value; dailyRate: Decimal.Value; days: number }): Decimal {
  if (!Number.isInteger(input.days) || input.days < 0) throw new Error(`bad day count ${input.days}`);
  return new Decimal(input.overduePrincipalCny).times(input.dailyRate).times(input.days).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}
