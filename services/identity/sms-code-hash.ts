import { SHA256 } from "@oslojs/crypto/sha2";
import { hmac } from "@oslojs/crypto/hmac";
import { constantTimeEqual } from "@oslojs/crypto/subtle";


/**
 * A 6-digit code has only a million values, so a plain hash would fall to an offline
 * search; an HMAC under the server secret, bound to operator and phone, does not.
 */
export function hashSmsCode(secretKey: Uint8Array, operatorId: string, phone: string, code: string): Uint8Array {
  return hmac(SHA256, secretKey, new TextEncoder().encode(`${operatorId}:${phone}:${code}`));
}

export function smsCodeMatches(expected: Uint8Array, candidate: Uint8Array): boolean {
  return expected.length === candidate.length && constantTimeEqual(expected, candidate);
}
