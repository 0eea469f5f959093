import type Decimal from "decimal.js";
import { cnyFromFen, fenFromCny } from "../ledger/money";

/** Stripe's amounts are integer minor units (fen) in JSON; exact below 2^53, checked. */
export function cnyFromStripeFen(fen: unknown): Decimal | null {
  if (typeof fen !== "number" || !Number.isSafeInteger(fen) || fen < 0) return null;
  return cnyFromFen(BigInt(fen));
}

/** A validated amount (at most two decimals) as Stripe's integer minor units, as text. */
export function stripeFenFromCny(amount: Decimal): string {
  return fenFromCny(amount).toString();
}
