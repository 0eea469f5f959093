import {
  ONE_TIME_CODE_LENGTH,
  ONE_TIME_CODE_MAX_ATTEMPTS,
  ONE_TIME_CODE_MAX_PER_IP_PER_HOUR,
  ONE_TIME_CODE_MAX_PER_PHONE_PER_HOUR,
  ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS,
  ONE_TIME_CODE_TTL_MS,
} from "../shared/one-time-code";

/** Explicit limits of sign-in, in one place (units in the names). */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;

/** Sign-in codes are one-time codes: the limits (and their reasons) are shared/one-time-code's. */
export const SMS_CODE_LENGTH = ONE_TIME_CODE_LENGTH;
export const SMS_CODE_TTL_MS = ONE_TIME_CODE_TTL_MS;
export const SMS_CODE_MAX_ATTEMPTS = ONE_TIME_CODE_MAX_ATTEMPTS;
export const SMS_RESEND_MIN_INTERVAL_MS = ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS;
export const SMS_MAX_PER_PHONE_PER_HOUR = ONE_TIME_CODE_MAX_PER_PHONE_PER_HOUR;
export const SMS_MAX_PER_IP_PER_HOUR = ONE_TIME_CODE_MAX_PER_IP_PER_HOUR;

/** Wrong passwords in a row from one source (client address) before that source is locked out. */
export const PASSWORD_MAX_FAILURES = 5;
/**
 * Wrong passwords from all sources together before password sign-in pauses for the account:
 * ten sources' worth, far above a forgetful owner, low enough to stop spread-out guessing.
 */
export const ACCOUNT_PASSWORD_MAX_FAILURES = 50;
export const PASSWORD_LOCKOUT_MS = 15 * 60 * 1000;
export const PASSWORD_MIN_LENGTH = 8;
