/** Explicit limits of the ledger, in one place (units in the names). */

/** Postings in one journal entry; a business event with more legs should be split. */
export const MAX_POSTINGS_PER_ENTRY = 64;
/** Entries in one call of postEntries (one database transaction). */
export const MAX_ENTRIES_PER_BATCH = 1000;
/** numeric(20,2): at most 18 digits before the decimal point. */
export const MAX_INTEGER_DIGITS = 18;
/** CNY is kept to the fen. */
export const MAX_DECIMAL_PLACES = 2;

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
export const MAX_ACCOUNT_CODE_LENGTH = 200;
export const MAX_KIND_LENGTH = 64;
export const MAX_MEMO_LENGTH = 500;
export const MAX_CAUSE_ID_LENGTH = 200;
export const MAX_SYSTEM_ACTOR_LENGTH = 100;

/** Statement, journal search and account search pages. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** ledger:check stops listing a kind of violation after this many (the count stays exact). */
export const MAX_VIOLATIONS_LISTED_PER_CHECK = 100;

/** The only currency the portal books today; accounts carry a currency so entries can be checked for one. */
export const LEDGER_CURRENCY = "CNY";

/** Days the snapshot maker builds per transaction when catching up (bounded transaction size). */
export const MAX_SNAPSHOT_DAYS_PER_TRANSACTION = 31;
/** How long the maker waits for in-flight posting writers before giving up until its next run. */
export const SNAPSHOT_SEAL_LOCK_TIMEOUT_MS = 5_000;
