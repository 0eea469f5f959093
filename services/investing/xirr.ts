import Decimal from "decimal.js";

/** One dated cash flow from the investor's side: money put in is negative, money taken out positive. */
export interface CashFlow {
  at: Date;
  amountCny: Decimal;
}

const Precise = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
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
  const npv = (rate: Decimal): Decimal => {
    const base = new Precise(1).plus(rate);
    let total = new Precise(0);
    sorted.forEach((f, i) => {
      total = total.plus(new Precise(f.amountCny).div(base.pow(years[i]!)));
    });
    return total;
  };
  let low = new Precise("-0.9999");
  let high = new Precise(10);
  let fLow = npv(low);
  const fHigh = npv(high);
  if (fLow.isZero()) return low;
  if (fLow.isPositive() === fHigh.isPositive()) return null;
  for (let i = 0; i < 200 && high.minus(low).gt("1e-10"); i++) {
    const mid = low.plus(high).div(2);
    const fMid = npv(mid);
    if (fMid.isZero()) return mid;
    if (fMid.isPositive() === fLow.isPositive()) {
      low = mid;
      fLow = fMid;
    } else {
      high = mid;
    }
  }
  return low.plus(high).div(2);
}
