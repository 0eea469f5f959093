import Decimal from "decimal.js";
import { Cny } from "../ledger/money";

export interface Weighted<K extends string = string> {
  key: K;
  /** Any non-negative decimal; only proportions matter. */
  weight: Decimal;
}

const FEN = new Cny("0.01");

/**
 * Splits an amount (two decimals) into parts proportional to the weights, in whole fen,
 * so the parts add up to the amount exactly (largest-remainder / Hamilton method):
 * everyone gets their exact share rounded down to the fen, and the fen left over go one
 * each to the largest remainders. Ties go to the smaller key, so the result does not
 * depend on the order the weights are given in. Every part is within a fen of its exact
 * share and none is negative.
 */
export function splitLargestRemainder<K extends string>(amountCny: Decimal, weights: ReadonlyArray<Weighted<K>>): Map<K, Decimal> {
  if (amountCny.isNegative() || amountCny.decimalPlaces() > 2) throw new Error(`cannot split ${amountCny.toString()}`);
  const keys = new Set(weights.map((w) => w.key));
  if (keys.size !== weights.length) throw new Error("duplicate keys in a split");
  if (weights.some((w) => w.weight.isNegative())) throw new Error("negative weight in a split");
  const totalWeight = weights.reduce((sum, w) => sum.plus(w.weight), new Cny(0));
  const parts = new Map<K, Decimal>(weights.map((w) => [w.key, new Cny(0)]));
  if (amountCny.isZero()) return parts;
  if (totalWeight.isZero()) throw new Error("nothing to split by: all weights are zero");

  const totalFen = amountCny.div(FEN);
  const shares = weights.map((w) => {
    const exactFen = totalFen.times(w.weight).div(totalWeight);
    const floorFen = exactFen.floor();
    return { key: w.key, floorFen, remainder: exactFen.minus(floorFen) };
  });
  let leftoverFen = totalFen.minus(shares.reduce((sum, s) => sum.plus(s.floorFen), new Cny(0))).toNumber();
  // At most one fen per part is left over, so this is bounded by the number of parts.
  if (leftoverFen < 0 || leftoverFen > shares.length) throw new Error("largest remainder: impossible leftover");
  const byRemainder = [...shares].sort((a, b) => b.remainder.comparedTo(a.remainder) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const share of byRemainder) {
    const fen = leftoverFen > 0 && share.remainder.gt(0) ? 1 : 0;
    leftoverFen -= fen;
    parts.set(share.key, share.floorFen.plus(fen).times(FEN));
  }
  if (leftoverFen !== 0) throw new Error("largest remainder: fen left undistributed");
  return parts;
}
