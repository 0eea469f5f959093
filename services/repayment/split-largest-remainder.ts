import type Decimal from "decimal.js";
import { cnyFromFen, fenFromCny, unitsAtScale } from "../ledger/money";

export interface Weighted<K extends string = string> {
  key: K;
  /** Any non-negative decimal; only proportions matter. */
  weight: Decimal;
}

/**
 * Splits an amount (two decimals) into parts proportional to the weights, in whole fen,
 * so the parts add up to the amount exactly (largest-remainder / Hamilton method):
 * everyone gets their exact share rounded down to the fen, and the fen left over go one
 * each to the largest remainders. Ties go to the smaller key, so the result does not
 * depend on the order the weights are given in. Every part is within a fen of its exact
 * share and none is negative.
 *
 * Integer arithmetic throughout (bigint): with the weights scaled to integers w_i (sum W)
 * and the amount in fen F, share i is F·w_i / W fen: its floor is the integer quotient and
 * its remainder (F·w_i mod W) / W, so remainders compare exactly by their numerators.
 */
export function splitLargestRemainder<K extends string>(amountCny: Decimal, weights: ReadonlyArray<Weighted<K>>): Map<K, Decimal> {
  if (amountCny.isNegative() || amountCny.decimalPlaces() > 2) throw new Error(`cannot split ${amountCny.toString()}`);
  if (weights.some((w) => w.weight.isNegative())) throw new Error("negative weight in a split");
  const scale = weights.reduce((most, w) => Math.max(most, w.weight.decimalPlaces()), 0);
  const units = weights.map((w) => ({ key: w.key, units: unitsAtScale(w.weight, scale) }));
  const [partsFen] = splitFenEach([fenFromCny(amountCny)], units);
  return new Map(weights.map((w, i) => [w.key, cnyFromFen(partsFen![i]!)]));
}

/**
 * The split in whole fen by integer weights (the planner's form: amounts and claims already in
 * fen, no Decimal): for each amount, the parts in the weights' order, summing to it exactly.
 */
export function splitFenEach<K extends string>(amountsFen: readonly bigint[], weights: ReadonlyArray<{ key: K; units: bigint }>): bigint[][] {
  const keys = new Set(weights.map((w) => w.key));
  if (keys.size !== weights.length) throw new Error("duplicate keys in a split");
  if (weights.some((w) => w.units < 0n)) throw new Error("negative weight in a split");
  const totalWeight = weights.reduce((sum, w) => sum + w.units, 0n);
  return amountsFen.map((amountFen) => splitScaled(weights, totalWeight, amountFen));
}

function splitScaled<K extends string>(weights: ReadonlyArray<{ key: K; units: bigint }>, totalWeight: bigint, totalFen: bigint): bigint[] {
  if (totalFen < 0n) throw new Error(`cannot split ${totalFen} fen`);
  if (totalFen === 0n) return weights.map(() => 0n);
  if (totalWeight === 0n) throw new Error("nothing to split by: all weights are zero");

  const shares = weights.map((w, index) => {
    const numerator = totalFen * w.units;
    return { index, key: w.key, floorFen: numerator / totalWeight, remainder: numerator % totalWeight };
  });
  let leftoverFen = totalFen - shares.reduce((sum, s) => sum + s.floorFen, 0n);
  // At most one fen per part is left over, so this is bounded by the number of parts.
  if (leftoverFen < 0n || leftoverFen > BigInt(shares.length)) throw new Error("largest remainder: impossible leftover");
  const parts = shares.map((s) => s.floorFen);
  if (leftoverFen === 0n) return parts;
  const byRemainder = [...shares].sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const share of byRemainder) {
    if (leftoverFen === 0n || share.remainder === 0n) break;
    parts[share.index] = share.floorFen + 1n;
    leftoverFen -= 1n;
  }
  if (leftoverFen !== 0n) throw new Error("largest remainder: fen left undistributed");
  return parts;
}
