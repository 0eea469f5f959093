import { createHmac, timingSafeEqual } from "node:crypto";
import { DomainError } from "./errors";
import { randomDigits } from "./random";

/**
 * One-time codes sent by SMS: the sign-in code (identity/send-sms-code, sign-in-with-sms-code)
 * and the borrowing codes (borrowing/codes: phone check at the store, signing, repayment
 * channel change). Each keeps its own table and what it scopes a code to; the code itself,
 * its hash, its limits and the verdicts on a send and on a guess are decided here, once.
 */

/** Digits in a code: a million values, so with MAX_ATTEMPTS guesses a code falls 1 time in 200,000. */
export const ONE_TIME_CODE_LENGTH = 6;
/** How long a code is good for: long enough for an SMS to arrive on a rural network, short enough to limit guessing. */
export const ONE_TIME_CODE_TTL_MS = 5 * 60 * 1000;
/** Wrong guesses before a code is burnt (the fifth wrong one burns it). */
export const ONE_TIME_CODE_MAX_ATTEMPTS = 5;
/** One code a minute for the same thing: a double tap or an impatient resend does not send two SMS. */
export const ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS = 60 * 1000;
/** Codes a phone can be sent in an hour: SMS cost, and a cap on pestering someone else's phone. */
export const ONE_TIME_CODE_MAX_PER_PHONE_PER_HOUR = 5;
/**
 * Codes one IP address can ask for in an hour, for the anonymous sign-in form. Not applied
 * to borrowing codes: their sender is signed in, and a store's clerks share one address.
 */
export const ONE_TIME_CODE_MAX_PER_IP_PER_HOUR = 20;

export const HOUR_MS = 60 * 60 * 1000;

export function newOneTimeCode(): string {
  return randomDigits(ONE_TIME_CODE_LENGTH);
}

/** True when `code` could be a code at all (digits, the right length), after trimming. */
export function looksLikeOneTimeCode(code: string): boolean {
  return new RegExp(`^\\d{${ONE_TIME_CODE_LENGTH}}$`).test(code.trim());
}

/**
 * A 6-digit code has only a million values, so a plain hash would fall to an offline
 * search; an HMAC under the server secret, bound to what the code is for (operator, phone,
 * purpose, subject), does not, and a code for one thing does not match another.
 */
export function hashOneTimeCode(secretKey: Uint8Array, scope: readonly string[], code: string): Uint8Array {
  return new Uint8Array(createHmac("sha256", secretKey).update([...scope, code].join(":")).digest());
}

export function oneTimeCodeMatches(expected: Uint8Array, candidate: Uint8Array): boolean {
  return expected.length === candidate.length && timingSafeEqual(expected, candidate);
}

/**
 * Whether another code may be sent now; throws `sms.throttled_phone` (with the seconds to
 * wait) or `sms.throttled_ip`. `lastSentAt` is the latest code for the same scope,
 * `sentToPhoneLastHour` counts the phone's codes in the last hour, `sentFromIpLastHour`
 * the address's (left out where the IP limit does not apply). `field` is the form field the
 * error belongs to.
 */
export function checkOneTimeCodeSend(input: {
  now: Date;
  lastSentAt: Date | null;
  sentToPhoneLastHour: number;
  sentFromIpLastHour?: number;
  field: string;
}): void {
  const sinceLastMs = input.lastSentAt ? input.now.getTime() - input.lastSentAt.getTime() : Number.POSITIVE_INFINITY;
  if (sinceLastMs < ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS) {
    const waitSeconds = Math.ceil((ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS - sinceLastMs) / 1000);
    throw new DomainError("sms.throttled_phone", { field: input.field, details: { waitSeconds } });
  }
  if (input.sentToPhoneLastHour >= ONE_TIME_CODE_MAX_PER_PHONE_PER_HOUR) {
    throw new DomainError("sms.throttled_phone", { field: input.field, details: { waitSeconds: 3600 } });
  }
  if (input.sentFromIpLastHour !== undefined && input.sentFromIpLastHour >= ONE_TIME_CODE_MAX_PER_IP_PER_HOUR) {
    throw new DomainError("sms.throttled_ip", { field: input.field });
  }
}

export interface StoredOneTimeCode {
  attempts: number;
  expiresAt: Date;
  codeHash: Uint8Array;
}

export type OneTimeCodeVerdict =
  | { ok: true }
  /** `attempts`: the new count of wrong guesses to store, when this guess counted as one. */
  | { ok: false; error: DomainError; attempts?: number };

/**
 * The verdict on one guess at the latest unused code (null: there is none). A wrong guess
 * counts; the caller stores `attempts` (and commits it) before raising the error.
 */
export function judgeOneTimeCode(stored: StoredOneTimeCode | null, candidate: Uint8Array, now: Date): OneTimeCodeVerdict {
  if (!stored) return { ok: false, error: new DomainError("sms.no_code", { field: "code" }) };
  if (stored.attempts >= ONE_TIME_CODE_MAX_ATTEMPTS) return { ok: false, error: new DomainError("sms.too_many_attempts", { field: "code" }) };
  if (now.getTime() >= stored.expiresAt.getTime()) return { ok: false, error: new DomainError("sms.code_expired", { field: "code" }) };
  if (oneTimeCodeMatches(stored.codeHash, candidate)) return { ok: true };
  const attempts = stored.attempts + 1;
  const remaining = ONE_TIME_CODE_MAX_ATTEMPTS - attempts;
  return {
    ok: false,
    attempts,
    error: remaining > 0 ? new DomainError("sms.code_wrong", { field: "code", details: { remaining } }) : new DomainError("sms.too_many_attempts", { field: "code" }),
  };
}
