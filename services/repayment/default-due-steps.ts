import { COLLECTIONS_DUE_STEP } from "../collections/collections-due-step";
import type { DueStep } from "./run-due-processing";

/**
 * The channel and collections steps of due processing, after the core ones, in order.
 * Each area adds its step here; the portal's scheduler, the CLI, the simulator and the
 * benchmark all run the same list.
 */
export const CHANNEL_AND_COLLECTION_STEPS: readonly DueStep[] = [COLLECTIONS_DUE_STEP];
