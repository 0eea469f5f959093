import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";

/**
 * Time-based one-time codes (RFC 6238) for staff's second factor: HOTP over 30-second steps,
 * six digits, what every authenticator app speaks. Pure: the caller passes the clock and
 * the last step it accepted, so a code is accepted once (a replay, even within its own 30
 * seconds, is refused) and a phone's clock may be one step off either way.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now: ±30 s of clock drift on a cheap phone. */
export const TOTP_SKEW_STEPS = 1;
/** RFC 4226 asks for at least 128 bits; 160 is what authenticator apps expect. */
export const TOTP_KEY_BYTES = 20;
export const RECOVERY_CODE_COUNT = 10;

export function totpStep(nowMs: number): bigint {
  return BigInt(Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS));
}

export function newTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(TOTP_KEY_BYTES));
}

/** The code an authenticator shows at `step` (tests and the enrolment check use it). */
export function totpCodeAt(key: Uint8Array, step: bigint): string {
  return generateHOTP(key, step, TOTP_DIGITS);
}

/**
 * The step a typed code belongs to, if it is one of now ± TOTP_SKEW_STEPS and later than
 * `lastUsedStep`; else null. Compared in constant time.
 */
export function matchTotpStep(key: Uint8Array, typed: string, nowMs: number, lastUsedStep: bigint | null): bigint | null {
  const code = typed.replace(/\s+/g, "");
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return null;
  const now = totpStep(nowMs);
  for (let offset = -TOTP_SKEW_STEPS; offset <= TOTP_SKEW_STEPS; offset++) {
    const step = now + BigInt(offset);
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (timingSafeEqual(Buffer.from(totpCodeAt(key, step)), Buffer.from(code))) return step;
  }
  return null;
}

/** The otpauth:// URI an authenticator app reads from the enrolment QR code. */
export function totpKeyUri(issuer: string, accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI(issuer, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** Ten one-time recovery codes, `xxxxx-xxxxx` from an alphabet without look-alikes. */
export function newRecoveryCodes(): string[] {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Stored instead of the code: keyed, so a leaked table does not give the codes away. */
export function hashRecoveryCode(secretKey: Uint8Array, code: string): string {
  const normalized = code.trim().toLowerCase().replace(/[^a-z0-9]/g, "");
  return createHmac("sha256", secretKey).update(`recovery-code:${normalized}`).digest("base64url");
}
