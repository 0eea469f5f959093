import Decimal from "decimal.js";
import type { Product } from "../lending/products";

export interface Need {
  amountCny: string;
  termMonths: number;
  purpose: Product["purpose"];
}

/** A reason is a message key with parameters, so each page shows it in the reader's language. */
export interface Reason {
  key: "purpose_match" | "purpose_other" | "amount_in_range" | "term_exact" | "term_longer" | "term_shorter" | "method";
  params: Record<string, string | number>;
}

export interface ProductMatch {
  product: Product;
  /** Same purpose and the amount within the product's range. */
  fits: boolean;
  reasons: Reason[];
}

/**
 * The products that fit a need, closest first (the seed's 覆盖面最相近原则): a product fits
 * when it is for the same purpose and its amount range covers the amount asked. Among
 * those, the closest term comes first, then the tightest amount range (least unused
 * headroom above the amount). When nothing fits, products of other purposes whose amount
 * range covers the need are offered as alternatives (fits = false), ordered the same way.
 */
export function matchProducts(products: readonly Product[], need: Need): ProductMatch[] {
  const amount = new Decimal(need.amountCny);
  const inRange = products.filter((p) => p.active && amount.gte(p.minAmount) && amount.lte(p.maxAmount));
  const describe = (p: Product, fits: boolean): ProductMatch => {
    const diff = p.termMonths - need.termMonths;
    return {
      product: p,
      fits,
      reasons: [
        fits ? { key: "purpose_match", params: { purpose: p.purpose } } : { key: "purpose_other", params: { purpose: p.purpose } },
        { key: "amount_in_range", params: { min: p.minAmount, max: p.maxAmount } },
        diff === 0
          ? { key: "term_exact", params: { months: p.termMonths } }
          : { key: diff > 0 ? "term_longer" : "term_shorter", params: { months: p.termMonths, diff: Math.abs(diff) } },
        { key: "method", params: { method: p.method, rate: p.annualRate } },
      ],
    };
  };
  const closest = (a: Product, b: Product) => {
    const term = Math.abs(a.termMonths - need.termMonths) - Math.abs(b.termMonths - need.termMonths);
    if (term !== 0) return term;
    const headroom = new Decimal(a.maxAmount).minus(amount).cmp(new Decimal(b.maxAmount).minus(amount));
    return headroom !== 0 ? headroom : a.code.localeCompare(b.code);
  };
  const fitting = inRange.filter((p) => p.purpose === need.purpose).sort(closest);
  if (fitting.length > 0) return fitting.map((p) => describe(p, true));
  return inRange.sort(closest).map((p) => describe(p, false));
}
