import { expireOffers, EXPIRE_OFFERS_PAGE } from "../borrowing/expire-offers";
import type { DueContext, DueStep } from "../repayment/run-due-processing";

/**
 * Offers left unsigned past their validity expire in daily due processing
 * (services/borrowing/expire-offers.ts), page by page until none is left, which releases
 * their exposure and tells each borrower by SMS.
 */
export async function runOfferExpiry(ctx: DueContext): Promise<void> {
  let done = 0;
  for (;;) {
    const { expired } = await expireOffers(ctx.db, { operatorId: ctx.operatorId, now: ctx.now, smsFor: ctx.deps.smsSenderFor });
    done += expired.length;
    await ctx.progress(done, done);
    if (expired.length < EXPIRE_OFFERS_PAGE) return;
  }
}

export const OFFER_EXPIRY_STEP: DueStep = { name: "offer_expiry", run: runOfferExpiry };
