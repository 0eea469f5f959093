import Decimal from "decimal.js";
import { parseTypedAmount } from "../ledger/money-input";
import { DomainError } from "../shared/errors";

/** A form's key: made by the page (letters, digits, - and _); anything else is a stale or tampered page. */
export function checkFormKey(raw: string): string {
  const key = raw.trim();
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) throw new DomainError("transfer.key_invalid");
  return key;
}

/** The principal typed into the listing form (yuan, at most two decimals, above zero). */
export function parseListingPrincipal(raw: string): Decimal {
  const amount = parseTypedAmount(raw);
  if (!amount || amount.isZero()) throw new DomainError("transfer.principal_invalid", { field: "principal" });
  return amount;
}

/** The price typed as a percentage of principal + accrued interest ("98", "99.5"): a fraction (0.98). */
export function parsePricePercent(raw: string): Decimal {
  const text = raw.trim().replace(/%$/, "");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) throw new DomainError("transfer.price_rate_invalid", { field: "pricePercent" });
  return new Decimal(text).div(100);
}
