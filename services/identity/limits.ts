/** Explicit limits of sign-in, in one place (units in the names). */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;

export const SMS_CODE_LENGTH = 6;
export const SMS_CODE_TTL_MS = 5 * 60 * 1000;
export const SMS_CODE_MAX_ATTEMPTS = 5;
export const SMS_RESEND_MIN_INTERVAL_MS = 60 * 1000;
export const SMS_MAX_PER_PHONE_PER_HOUR = 5;
export const SMS_MAX_PER_IP_PER_HOUR = 20;

/** Wrong passwords in a row from one source (client address) before that source is locked out. */
export const PASSWORD_MAX_FAILURES = 5;
/**
 * Wrong passwords from all sources together before password sign-in pauses for the account:
 * ten sources' worth, far above a forgetful owner, low enough to stop spread-out guessing.
 */
export const ACCOUNT_PASSWORD_MAX_FAILURES = 50;
export const PASSWORD_LOCKOUT_MS = 15 * 60 * 1000;
export const PASSWORD_MIN_LENGTH = 8;
