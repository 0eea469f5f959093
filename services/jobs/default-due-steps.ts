import { COLLECTIONS_DUE_STEP } from "../collections/collections-due-step";
import { BALANCE_SNAPSHOTS_STEP } from "./balance-snapshots-step";
import { PAYOUT_RESULTS_STEP } from "./payout-results-step";
import { OFFER_EXPIRY_STEP } from "./offer-expiry-step";
import { TRANSFER_LISTINGS_STEP } from "./transfer-listings-step";
import { channelDueSteps } from "../repayment/channels/registry";
import type { DueStep } from "../repayment/run-due-processing";

/**
 * The channel and collections steps of due processing, after the core ones, in order:
 * every registered repayment channel's steps first (services/repayment/channels/registry.ts),
 * then the custody bank's payout results (payout-results-step.ts), unsigned offers past their validity (offer-expiry-step.ts), stale debt transfer listings (transfer-listings-step.ts), so collections open cases only for what is still unpaid after the day's debits and
 * deductions; the books' day close (balance snapshots) last, after everything that books money. The portal's scheduler, the CLI, the simulator and the benchmark all run
 * this one list. It lives here, above both `repayment` and `collections`, because
 * collections builds on repayment (settings, the DueStep contract): repayment must not
 * import collections back.
 */
export function channelAndCollectionSteps(): readonly DueStep[] {
  return [...channelDueSteps(), PAYOUT_RESULTS_STEP, OFFER_EXPIRY_STEP, TRANSFER_LISTINGS_STEP, COLLECTIONS_DUE_STEP, BALANCE_SNAPSHOTS_STEP];
}

/** The list as the portal starts (built-in channels); channelAndCollectionSteps() includes channels registered later. */
export const CHANNEL_AND_COLLECTION_STEPS: readonly DueStep[] = channelAndCollectionSteps();
