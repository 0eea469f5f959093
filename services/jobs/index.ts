export type { JobQueue } from "./job-queue";
export { createPgBossQueue } from "./pg-boss-queue";
export { DUE_PROCESSING, DUE_PROCESSING_DAILY, enqueueDueProcessing, registerDueProcessingJobs } from "./due-processing-jobs";
export { createDueProcessingDeps } from "./create-due-processing-deps";
export { CHANNEL_AND_COLLECTION_STEPS, channelAndCollectionSteps } from "./default-due-steps";
