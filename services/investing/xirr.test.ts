import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { xirr, type CashFlow } from "./xirr";

const DAY_MS = 24 * 60 * 60 * 1000;
const t0 = Date.UTC(2025, 0, 1);
const flow = (days: number, amount: string): CashFlow => ({ at: new Date(t0 + days * DAY_MS), amountCny: new Decimal(amount) });

/** The NPV of the flows at a rate, in 40 digits (independent of the solver's arithmetic). */
function npv(flows: CashFlow[], rate: Decimal): Decimal {
  const D = Decimal.clone({ precision: 40 });
  return flows.reduce((sum, f) => sum.plus(new D(f.amountCny).div(new D(1).plus(rate).pow(new D(f.at.getTime() - t0).div(DAY_MS).div(365)))), new D(0));
}

describe("xirr", () => {
  it("finds the rate of simple flows to 1e-10", () => {
    expect(xirr([flow(0, "-1000.00"), flow(365, "1100.00")])!.minus("0.1").abs().lt("1e-10")).toBe(true);
    expect(xirr([flow(0, "-1000.00"), flow(365, "900.00")])!.minus("-0.1").abs().lt("1e-10")).toBe(true);
  });

  it("returns null when there is nothing to solve or no root in range", () => {
    expect(xirr([flow(0, "-1000.00")])).toBeNull();
    expect(xirr([flow(0, "-1000.00"), flow(10, "-5.00")])).toBeNull();
    expect(xirr([flow(0, "-1000.00"), flow(0, "1000.00")])).toBeNull();
    // A 100,000-fold return in a year is beyond +1000%.
    expect(xirr([flow(0, "-1.00"), flow(365, "100000.00")])).toBeNull();
  });

  it("returns a rate where the NPV changes sign within the tolerance, for many random portfolios", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n < 30; n++) {
      const flows = [flow(0, `-${(1000 + Math.floor(random() * 50000)).toFixed(2)}`)];
      for (let k = 0; k < 20 + Math.floor(random() * 200); k++) {
        const cents = Math.floor(random() * 30000) + 1;
        flows.push(flow(1 + Math.floor(random() * 700), `${random() < 0.5 ? "-" : ""}${(cents / 100).toFixed(2)}`));
      }
      flows.push(flow(730, `${(2000 + Math.floor(random() * 60000)).toFixed(2)}`));
      const rate = xirr(flows);
      if (rate === null) continue;
      const below = npv(flows, rate.minus("1e-9"));
      const above = npv(flows, rate.plus("1e-9"));
      expect(below.isPositive() !== above.isPositive() || below.isZero() || above.isZero(), `portfolio ${n}`).toBe(true);
    }
  });
});
