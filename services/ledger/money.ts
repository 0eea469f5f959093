import Decimal from "decimal.js";
import { DomainError } from "../shared/errors";
import { MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS } from "./limits";

/**
 * decimal.js with room for sums: the default 20 significant digits would round a sum
 * of numeric(20,2) amounts. Arithmetic on values we return keeps this precision.
 * Rounding, where a caller needs it, is half-up (DESIGN §3); the ledger itself never rounds.
 */
export const Cny = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 60 });
export type Cny = Decimal;

/** Plain decimal notation: optional minus, digits, optional point with 1-2 digits. No exponent, no plus, no spaces. */
const AMOUNT_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const LIMIT = new Cny(10).pow(MAX_INTEGER_DIGITS);
const NEGATIVE_LIMIT = LIMIT.negated();

export const ZERO_CNY: Decimal = new Cny(0);

/**
 * Parses an amount given as a decimal string or a Decimal. More than two decimals is
 * an error, never rounded away: a fen that silently disappears is a lost fen.
 */
export function parseAmountCny(value: string | Decimal, field = "amount"): Decimal {
  let amount: Decimal;
  if (typeof value === "string") {
    if (!AMOUNT_PATTERN.test(value)) throw new DomainError("ledger.invalid_amount", { field, details: { value: value.slice(0, 40) } });
    amount = new Cny(value);
  } else if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw new DomainError("ledger.invalid_amount", { field });
    // A Decimal is immutable: one of ours is taken as it is; another configuration's is copied
    // so that arithmetic on it keeps Cny's precision. (A batch of repayments passes ~23,000 a batch.)
    amount = value.constructor === Cny ? value : new Cny(value);
  } else {
    // A JS number (or anything else) never carries money.
    throw new DomainError("ledger.invalid_amount", { field });
  }
  if (amount.decimalPlaces() > MAX_DECIMAL_PLACES) {
    throw new DomainError("ledger.too_many_decimals", { field, details: { value: amount.toFixed() } });
  }
  if (amount.gte(LIMIT) || amount.lte(NEGATIVE_LIMIT)) throw new DomainError("ledger.amount_out_of_range", { field });
  // -0 is 0 for the ledger.
  return amount.isZero() ? ZERO_CNY : amount;
}

/** A positive amount (holds, top-ups): zero and negatives are refused. */
export function parsePositiveAmountCny(value: string | Decimal, field = "amount"): Decimal {
  const amount = parseAmountCny(value, field);
  if (amount.isZero()) throw new DomainError("ledger.zero_amount", { field });
  if (amount.isNegative()) throw new DomainError("ledger.invalid_amount", { field });
  return amount;
}

/** Reads a numeric column (a string from either driver) exactly. */
export function cnyFromDb(value: string | null | undefined): Decimal {
  if (value === null || value === undefined) return ZERO_CNY;
  return new Cny(value);
}

/**
 * A decimal string with at most two decimals (the database's numeric(20,2) text) as an
 * exact integer number of fen, for hot comparisons that need no Decimal (the installments'
 * settled test in planning). Anything else is refused, never rounded.
 */
export function fenFromText(value: string): bigint {
  if (!AMOUNT_PATTERN.test(value)) throw new Error(`not an amount: ${value.slice(0, 40)}`);
  const [whole, fraction = ""] = value.split(".");
  if (fraction.length > MAX_DECIMAL_PLACES) throw new Error(`more than ${MAX_DECIMAL_PLACES} decimals: ${value.slice(0, 40)}`);
  return BigInt(whole! + fraction.padEnd(MAX_DECIMAL_PLACES, "0"));
}

/**
 * Whole fen as the canonical amount text ("-12.30"), the inverse of fenFromText for every
 * amount it accepts: integer arithmetic in fen (bigint) turns back into text without Decimal.
 */
export function textFromFen(fen: bigint): string {
  const negative = fen < 0n;
  const digits = (negative ? -fen : fen).toString().padStart(MAX_DECIMAL_PLACES + 1, "0");
  const cut = digits.length - MAX_DECIMAL_PLACES;
  return `${negative ? "-" : ""}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/**
 * A decimal as an integer count of 10^-scale units, exactly (decimal.js prints every digit
 * with toFixed): 0.1 at scale 4 is 1000n. For integer arithmetic on rates and weights; the
 * caller passes a scale at least the value's own decimal places, so nothing is rounded.
 */
export function unitsAtScale(value: Decimal, scale: number): bigint {
  if (!(value.decimalPlaces() <= scale)) throw new Error(`${value.toString().slice(0, 40)} has more than ${scale} decimals`);
  return BigInt(value.toFixed(scale).replace(".", ""));
}

/** Whole fen as a Cny amount (exact). */
export function cnyFromFen(fen: bigint): Decimal {
  return fen === 0n ? ZERO_CNY : new Cny(textFromFen(fen));
}

/** An amount of at most two decimals as whole fen (exact); more decimals are refused, never rounded. */
export function fenFromCny(amount: Decimal): bigint {
  if (!(amount.decimalPlaces() <= MAX_DECIMAL_PLACES)) throw new Error(`not an amount in fen: ${amount.toString().slice(0, 40)}`);
  return fenFromText(formatCny(amount));
}

/**
 * The canonical text of an amount, as PostgreSQL prints numeric(20,2): "-12.30". Exactly
 * `toFixed(2)`; an amount of at most two decimals (every validated one) is written without
 * the rounding pass, which builds and rounds a copy of the Decimal: that was a third of the
 * ledger's validation time (three texts per posting: request hash, postings hash, the write).
 */
export function formatCny(amount: Decimal): string {
  const places = amount.decimalPlaces();
  if (!(places <= MAX_DECIMAL_PLACES)) return amount.toFixed(MAX_DECIMAL_PLACES);
  const text = amount.toFixed();
  return places === MAX_DECIMAL_PLACES ? text : `${text}${places === 0 ? "." : ""}${"0".repeat(MAX_DECIMAL_PLACES - places)}`;
}

export function sumCny(amounts: Iterable<Decimal>): Decimal {
  let total = ZERO_CNY;
  for (const amount of amounts) total = total.plus(amount);
  return total;
}
