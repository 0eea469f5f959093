import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * HMAC-SHA256 signatures of the operator API (docs/operator-api.md), both ways: we sign each
 * request, the operator signs each response, and each side refuses what does not verify.
 * The signed text binds the method, path (with query), timestamp, nonce and body hash, so a
 * captured request cannot be replayed with another body or after the clock window.
 */
export const SIGNATURE_HEADERS = {
  keyId: "x-op-key-id",
  timestamp: "x-op-timestamp",
  nonce: "x-op-nonce",
  signature: "x-op-signature",
} as const;

/** Either side refuses a message whose timestamp is further than this from its clock. */
export const CLOCK_WINDOW_MS = 5 * 60 * 1000;

export interface SignedParts {
  method: string;
  pathWithQuery: string;
  timestampMs: number;
  nonce: string;
  body: string;
}

export function stringToSign(parts: SignedParts): string {
  const bodyHash = createHash("sha256").update(parts.body, "utf8").digest("hex");
  return [parts.method.toUpperCase(), parts.pathWithQuery, String(parts.timestampMs), parts.nonce, bodyHash].join("\n");
}

export function sign(secret: string, parts: SignedParts): string {
  return createHmac("sha256", secret).update(stringToSign(parts), "utf8").digest("base64url");
}

export type VerifyFailure = "missing" | "unknown_key" | "clock" | "signature";

/** Checks a signature in constant time and the clock window; returns why it failed, or null. */
export function verify(
  input: { secretFor: (keyId: string) => string | undefined; headers: (name: string) => string | undefined; nowMs: number } & Omit<SignedParts, "timestampMs" | "nonce">,
): VerifyFailure | null {
  const keyId = input.headers(SIGNATURE_HEADERS.keyId);
  const timestamp = input.headers(SIGNATURE_HEADERS.timestamp);
  const nonce = input.headers(SIGNATURE_HEADERS.nonce);
  const signature = input.headers(SIGNATURE_HEADERS.signature);
  if (!keyId || !timestamp || !nonce || !signature || !/^\d{1,15}$/.test(timestamp)) return "missing";
  const secret = input.secretFor(keyId);
  if (!secret) return "unknown_key";
  const timestampMs = Number(timestamp);
  if (Math.abs(input.nowMs - timestampMs) > CLOCK_WINDOW_MS) return "clock";
  const expected = Buffer.from(sign(secret, { method: input.method, pathWithQuery: input.pathWithQuery, timestampMs, nonce, body: input.body }));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : "signature";
}
