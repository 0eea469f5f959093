import { sweepTransferListings } from "../transfers/sweep-listings";
import type { DueContext, DueStep } from "../repayment/run-due-processing";

/**
 * Debt transfer listings (services/transfers) that went stale are taken off the 转让专区 list in daily
 * due processing, after the day's debits and before collections: expired ones, and those of loans now
 * overdue or repaid in full, or whose seller's claim fell below the listing (withdrawn).
 */
export async function runTransferListingSweep(ctx: DueContext): Promise<void> {
  const { expired, withdrawn } = await sweepTransferListings(ctx.db, { operatorId: ctx.operatorId, now: ctx.now });
  await ctx.progress(expired + withdrawn, expired + withdrawn);
}

export const TRANSFER_LISTINGS_STEP: DueStep = { name: "transfer_listings", run: runTransferListingSweep };
