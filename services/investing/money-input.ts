import Decimal from "decimal.js";
import { Cny } from "../ledger/money";

/** Stripe's amounts are integer minor units (fen) in JSON; exact below 2^53, checked. */
export function cnyFromFen(fen: unknown): Decimal | null {
  if (typeof fen !== "number" || !Number.isSafeInteger(fen) || fen < 0) return null;
  return new Cny(String(fen)).div(100);
}

export function fenFromCny(amount: Decimal): string {
  return amount.times(100).toFixed(0);
}
