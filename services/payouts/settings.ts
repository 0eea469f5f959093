/**
 * Withdrawals above this amount need a second approval by a different finance user
 * (maker-checker, 双人复核) before the instruction goes to the bank. Why ¥10,000.00: a
 * withdrawal leaves the platform for good once the bank pays it, and a single mistaken or
 * fraudulent approval above this size is more than a typical investor's monthly returns;
 * below it one approval keeps small withdrawals same-day. The daily limit per investor
 * (WITHDRAWAL_DAILY_LIMIT_CNY, default ¥50,000) still applies. A constant, not a setting
 * per operator, until an operator asks for another figure.
 */
export const SECOND_APPROVAL_ABOVE_CNY = "10000.00";

/** How long one call to the bank (send an instruction, fetch a result) may take before it counts as a timeout. */
export const BANK_CALL_TIMEOUT_MS = 30_000;

/** Who posts the ledger entries a bank result causes. */
export const PAYOUT_RESULTS_ACTOR = { system: "payout-results" } as const;
