/** Explicit limits of sign-in, in one place (units in the names). */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;

export const SMS_CODE_LENGTH = 6;
export const SMS_CODE_TTL_MS = 5 * 60 * 1000;
export const SMS_CODE_MAX_ATTEMPTS = 5;
export const SMS_RESEND_MIN_INTERVAL_MS = 60 * 1000;
export const SMS_MAX_PER_PHONE_PER_HOUR = 5;
export const SMS_MAX_PER_IP_PER_HOUR = 20;

export const PASSWORD_MAX_FAILURES = 5;
export const PASSWORD_LOCKOUT_MS = 15 * 60 * 1000;
export const PASSWORD_MIN_LENGTH = 8;
