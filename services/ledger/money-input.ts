import type Decimal from "decimal.js";
import { DomainError, type ErrorCode } from "../shared/errors";
import { Cny } from "./money";

/**
 * Integer digits of a yuan amount a person may type into a form: 12, so at most
 * 999,999,999,999.99 yuan. Far above any loan, investment, repayment or adjustment the
 * portal handles, so no real amount is refused, while a mistyped or pasted 20-digit
 * number is refused as a typing error at its field instead of reaching numeric(20,2)
 * columns, whose sums and the ledger's 18-digit bound (MAX_INTEGER_DIGITS) it could break.
 */
export const TYPED_AMOUNT_MAX_INTEGER_DIGITS = 12;

/** Digits, optionally a point and one or two decimals (yuan to the fen); no sign, exponent or separators. */
const TYPED_AMOUNT = new RegExp(`^\\d{1,${TYPED_AMOUNT_MAX_INTEGER_DIGITS}}(\\.\\d{1,2})?$`);

/** True when `text` is a typed yuan amount as it is stored and compared: 1000, 1000.5, 1000.50. */
export function isTypedAmount(text: string): boolean {
  return TYPED_AMOUNT.test(text);
}

/** What a person types, made canonical: surrounding and inner spaces, thousands separators (, ，) and a leading ¥ go. */
export function normaliseTypedAmount(raw: string): string {
  return raw.trim().replace(/[,，\s]/g, "").replace(/^¥/, "");
}

/** The amount a person typed ("1000", "1,000.50", "¥ 20"), or null when it is not one. */
export function parseTypedAmount(raw: string): Decimal | null {
  const text = normaliseTypedAmount(raw);
  return isTypedAmount(text) ? new Cny(text) : null;
}

/** A typed amount within [min, max]; anything else raises `code` on `field`, with the range in the details. */
export function parseFormAmount(raw: string, range: { min: Decimal; max?: Decimal | null }, code: ErrorCode, field = "amount"): Decimal {
  const details = { min: range.min.toFixed(2), ...(range.max ? { max: range.max.toFixed(2) } : {}) };
  const amount = parseTypedAmount(raw);
  if (!amount) throw new DomainError(code, { field, details });
  if (amount.lt(range.min) || (range.max && amount.gt(range.max))) throw new DomainError(code, { field, details });
  return amount;
}
