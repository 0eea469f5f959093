import Decimal from "decimal.js";

/** Investor journey limits; amounts in CNY as decimals, never JS numbers. */
export const INVESTOR_MIN_AGE_YEARS = 18;
/** A risk assessment is valid this long; after it the investor must redo it. */
export const RISK_ASSESSMENT_VALID_DAYS = 365;

export const CARD_TOP_UP_MIN_CNY = new Decimal("1");
export const CARD_TOP_UP_MAX_CNY = new Decimal("50000");
export const CASH_TOP_UP_MIN_CNY = new Decimal("1");
/** Cash over this at a counter needs the bank (anti-money-laundering practice for cash). */
export const CASH_TOP_UP_MAX_CNY = new Decimal("50000");

export const WITHDRAWAL_MIN_CNY = new Decimal("1");
/** Default per-investor limit per Beijing calendar day; the portal reads WITHDRAWAL_DAILY_LIMIT_CNY. */
export const DEFAULT_WITHDRAWAL_DAILY_LIMIT_CNY = "50000.00";

export const INVEST_LIST_PAGE_SIZE = 10;
/**
 * The furthest page a link may ask for: 10,000 pages of 10 is far more loans than are ever in
 * funding at once; a larger number is a mistyped or hostile link, and past it the SQL offset
 * would overflow. Asking beyond the end answers the last page anyway.
 */
export const INVEST_LIST_MAX_PAGE = 10_000;
