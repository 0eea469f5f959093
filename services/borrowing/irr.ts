import Decimal from "decimal.js";
import { Cny } from "../ledger/money";

export interface CashFlows {
  /** What the borrower actually receives at the start (principal less any up-front fee). */
  receivedCny: string;
  /** What the borrower pays each month: principal, interest and any fee of that month. */
  paymentsCny: string[];
}

/** Decimal places the all-in annual cost is kept to (0.0001 %). */
export const ANNUAL_COST_DECIMALS = 6;

/**
 * The all-in annual cost of a loan: the monthly internal rate of return r of the
 * borrower's cash flows (received = Σ payment_k / (1+r)^k), times 12 — the nominal
 * annualisation the PBoC's 2021 announcement on stating loan rates uses — rounded half-up
 * to six decimals. Solved by bisection in 60-digit decimals, so it is exact to far below
 * the rounding and never touches a JS number.
 */
export function allInAnnualCost(flows: CashFlows): Decimal {
  const received = new Cny(flows.receivedCny);
  const payments = flows.paymentsCny.map((p) => new Cny(p));
  if (!received.isPositive() || payments.length === 0 || payments.some((p) => p.isNegative())) {
    throw new Error("allInAnnualCost: needs a positive amount received and non-negative payments");
  }
  const presentValue = (r: Decimal): Decimal => {
    const discount = new Cny(1).div(r.plus(1));
    let factor = new Cny(1);
    let total = new Cny(0);
    for (const payment of payments) {
      factor = factor.times(discount);
      total = total.plus(payment.times(factor));
    }
    return total;
  };
  // present value falls as r rises; bracket the root.
  let low = new Cny(-0.99);
  let high = new Cny(1);
  while (presentValue(high).gt(received)) high = high.times(2);
  for (let i = 0; i < 120; i++) {
    const mid = low.plus(high).div(2);
    if (presentValue(mid).gt(received)) low = mid;
    else high = mid;
  }
  return low.plus(high).div(2).times(12).toDecimalPlaces(ANNUAL_COST_DECIMALS, Decimal.ROUND_HALF_UP);
}

/** The legal cap on the all-in annual cost: `multiple` × the one-year LPR. */
export function legalCap(lprOneYear: string, multiple: string): Decimal {
  return new Cny(lprOneYear).times(multiple);
}
