import Decimal from "decimal.js";

/**
 * A rate kept as a decimal fraction, shown as a percentage: "0.100000" → "10.00%".
 * Rates are not money but stay decimal all the same; used server-side (loaders, PDFs), so
 * the browser bundle carries no decimal library. Empty for a missing rate.
 */
export function formatPercent(fraction: string | null | undefined, places = 2): string {
  if (fraction === null || fraction === undefined) return "";
  return `${new Decimal(fraction).times(100).toFixed(places)}%`;
}
