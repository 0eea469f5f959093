import Decimal from "decimal.js";

/**
 * The debt transfer market's limits (债权转让), with their reasons in
 * docs/decisions/2026-12-04-debt-transfer.md. Passed to every use case so an operator (or a test)
 * can differ; these are the defaults.
 */
export interface TransferSettings {
  /** Days a seller must have held the loan (since disbursement or their purchase): no flipping. */
  holdingPeriodDays: number;
  /** Lowest price as a fraction of principal + accrued interest (a discount, never a fire sale). */
  minPriceRate: Decimal;
  /** Highest price: never a premium the disclosure would not show. */
  maxPriceRate: Decimal;
  /** The platform's fee, a fraction of the price, taken from the seller's proceeds. */
  feeRate: Decimal;
  /** How long a listing stays on the 转让专区 list unsold. */
  listingValidityDays: number;
  /** The least principal a listing may offer unless it is the whole claim (no dust on the list). */
  minPrincipalCny: Decimal;
}

export const TRANSFER_SETTINGS: TransferSettings = {
  holdingPeriodDays: 14,
  minPriceRate: new Decimal("0.90"),
  maxPriceRate: new Decimal("1.00"),
  feeRate: new Decimal("0.005"),
  listingValidityDays: 7,
  minPrincipalCny: new Decimal("100"),
};

/**
 * What an admin may set per operator (transfer_settings, the admin's 规则设置 page), inclusive:
 * a holding period up to a year (0 = at once); prices 50%–200% of principal plus accrued
 * interest (below half is a fire sale the disclosure would have to explain; the table's check
 * allows 200%); a fee under 10% of the price (the table's check); listings open 1–90 days;
 * a least partial principal of ¥1–¥100,000.
 */
export const TRANSFER_SETTING_BOUNDS = {
  holdingPeriodDays: [0, 365],
  listingValidityDays: [1, 90],
  priceRate: ["0.5", "2"],
  feeRate: ["0", "0.099999"],
  minPrincipalCny: ["1", "100000"],
} as const;

/** Listings on one page of the 转让专区 list. */
export const MARKET_PAGE_SIZE = 20;
