/** The SMS boundary's limits, each with its reason. */

/** Messages the dispatcher claims per pass: one pass stays well inside a minute at the provider's ~100 ms a send. */
export const SMS_DISPATCH_BATCH = 50;

/**
 * Attempts per notification before it is marked failed: with the back-off below, about two
 * days of provider outage. Past that a reminder is stale and finance looks at the failures.
 */
export const SMS_MAX_ATTEMPTS = 12;

/** Back-off before attempt k+1: 1 minute × 2^(k−1), at most 6 hours. */
export const SMS_RETRY_BASE_MS = 60_000;
export const SMS_RETRY_MAX_MS = 6 * 3600_000;

/**
 * A claimed message is leased this long: a process that died mid-send leaves it to another
 * pass after the lease, which first asks the provider (by our OutId) whether it went.
 */
export const SMS_CLAIM_LEASE_MS = 2 * 60_000;

/** Sent messages whose receipt is polled per pass: QuerySendDetails is limited per second at the provider. */
export const SMS_RECEIPT_BATCH = 100;

/** The same message is asked about again no sooner than this. */
export const SMS_RECEIPT_RECHECK_MS = 5 * 60_000;

/** After this the provider's carriers will not report any more: the message stays "sent" (no receipt). */
export const SMS_RECEIPT_GIVE_UP_MS = 72 * 3600_000;

export function smsRetryDelayMs(attempts: number): number {
  return Math.min(SMS_RETRY_MAX_MS, SMS_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}
