/** Borrower-side time limits, each with its reason (units in the names). */

/**
 * Days an approved offer waits for the borrower's signature before it expires (已过期) in the
 * daily due processing. An unsigned offer counts toward the person's exposure cap (¥200,000)
 * and reserves the price of the day it was made: two weeks leave time to read the agreements,
 * ask the family and reach a store, without holding exposure and an old price open for ever.
 */
export const OFFER_VALID_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When an offer issued at `issuedAt` stops being signable. */
export function offerExpiresAt(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + OFFER_VALID_DAYS * DAY_MS);
}

/** The longest reason a borrower may give when withdrawing or declining (optional). */
export const CLOSE_REASON_MAX_CHARS = 200;
