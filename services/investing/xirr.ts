import Decimal from "decimal.js";

/** One dated cash flow from the investor's side: money put in is negative, money taken out positive. */
export interface CashFlow {
  at: Date;
  amountCny: Decimal;
}

/**
 * A rate, not money: 24 significant digits keep the rate's 1e-10 tolerance far below what is
 * shown (4 decimals) while costing a fraction of 40-digit powers (a busy investor's few
 * hundred flows took seconds of CPU at 40).
 */
const Precise = Decimal.clone({ precision: 24, rounding: Decimal.ROUND_HALF_UP });
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The money-weighted annual return (XIRR, Actual/365) of dated flows: the rate r at which
 * Σ amount_i / (1 + r)^(days_i / 365) = 0. Solved by bisection on (-99.99%, +1000%) in
 * decimal arithmetic, to 1e-10. Null when there is nothing to solve: fewer than two flows,
 * no flow of each sign, a span under a day, or no root in the range.
 */
export function xirr(flows: readonly CashFlow[]): Decimal | null {
  if (flows.length < 2) return null;
  const sorted = [...flows].sort((a, b) => a.at.getTime() - b.at.getTime());
  const t0 = sorted[0]!.at.getTime();
  const span = sorted[sorted.length - 1]!.at.getTime() - t0;
  if (span < DAY_MS) return null;
  if (!sorted.some((f) => f.amountCny.isNegative()) || !sorted.some((f) => f.amountCny.isPositive())) return null;
  const years = sorted.map((f) => new Precise(f.at.getTime() - t0).div(DAY_MS).div(365));
  const amounts = sorted.map((f) => new Precise(f.amountCny));
  // amount / (1 + r)^years = amount · e^(−years · ln(1 + r)): one logarithm per rate tried;
  // the derivative reuses the same terms.
  const npv = (rate: Decimal): { value: Decimal; slope: Decimal } => {
    const base = new Precise(1).plus(rate);
    const lnBase = base.ln();
    let value = new Precise(0);
    let slope = new Precise(0);
    amounts.forEach((amount, i) => {
      const term = amount.times(Precise.exp(years[i]!.times(lnBase).negated()));
      value = value.plus(term);
      slope = slope.minus(term.times(years[i]!).div(base));
    });
    return { value, slope };
  };
  return solveInBracket(npv);
}

const TOLERANCE = new Precise("1e-10");
/** Newton steps on the rate (a handful suffice), bisection whenever a step would leave the bracket. */
const MAX_SOLVER_STEPS = 200;

function solveInBracket(npv: (rate: Decimal) => { value: Decimal; slope: Decimal }): Decimal | null {
  let low: Decimal = new Precise("-0.9999");
  let high: Decimal = new Precise(10);
  let fLow = npv(low).value;
  const fHigh = npv(high).value;
  if (fLow.isZero()) return low;
  if (fLow.isPositive() === fHigh.isPositive()) return null;
  let rate: Decimal = new Precise("0.1");
  for (let i = 0; i < MAX_SOLVER_STEPS; i++) {
    const { value, slope } = npv(rate);
    if (value.isZero()) return rate;
    if (value.isPositive() === fLow.isPositive()) {
      low = rate;
      fLow = value;
    } else {
      high = rate;
    }
    let next = slope.isZero() ? null : rate.minus(value.div(slope));
    if (next === null || next.lte(low) || next.gte(high)) next = low.plus(high).div(2);
    if (next.minus(rate).abs().lt(TOLERANCE) || high.minus(low).lt(TOLERANCE)) return next;
    rate = next;
  }
  return low.plus(high).div(2);
}
