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

/** Listings on one page of the 转让专区 list. */
export const MARKET_PAGE_SIZE = 20;
