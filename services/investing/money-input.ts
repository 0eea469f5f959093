import Decimal from "decimal.js";
import { Cny } from "../ledger/money";
import { DomainError, type ErrorCode } from "../shared/errors";

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

/** A yuan amount typed into a form ("1000", "1,000.50"): at most two decimals, within [min, max]. */
export function parseFormAmount(raw: string, range: { min: Decimal; max?: Decimal | null }, code: ErrorCode, field = "amount"): Decimal {
  const text = raw.trim().replace(/[,，\s]/g, "").replace(/^¥/, "");
  const details = { min: range.min.toFixed(2), ...(range.max ? { max: range.max.toFixed(2) } : {}) };
  if (!AMOUNT.test(text)) throw new DomainError(code, { field, details });
  const amount = new Cny(text);
  if (amount.lt(range.min) || (range.max && amount.gt(range.max))) throw new DomainError(code, { field, details });
  return amount;
}

/** Stripe's amounts are integer minor units (fen) in JSON; exact below 2^53, checked. */
export function cnyFromFen(fen: unknown): Decimal | null {
  if (typeof fen !== "number" || !Number.isSafeInteger(fen) || fen < 0) return null;
  return new Cny(String(fen)).div(100);
}

export function fenFromCny(amount: Decimal): string {
  return amount.times(100).toFixed(0);
}
