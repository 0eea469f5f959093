import { COLLECTIONS_DUE_STEP } from "../collections/collections-due-step";
import { PASSBOOK_DEBITS_STEP, PHONE_BILL_DEDUCTIONS_STEP } from "../repayment/channels/channel-due-steps";
import type { DueStep } from "../repayment/run-due-processing";

/**
 * The channel and collections steps of due processing, after the core ones, in order:
 * channels first, so collections open cases only for what is still unpaid after the day's
 * debits and deductions. The portal's scheduler, the CLI, the simulator and the benchmark
 * all run this one list. It lives here, above both `repayment` and `collections`, because
 * collections builds on repayment (settings, the DueStep contract): repayment must not
 * import collections back.
 */
export const CHANNEL_AND_COLLECTION_STEPS: readonly DueStep[] = [PASSBOOK_DEBITS_STEP, PHONE_BILL_DEDUCTIONS_STEP, COLLECTIONS_DUE_STEP];
