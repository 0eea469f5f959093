import { decryptBytes, encryptBytes } from "./crypto/field-encryption";

/**
 * Seals a small JSON value for a browser to carry (a cookie, a form field): the portal's
 * one AES-256-GCM (crypto/field-encryption) under a key derived from the server secret and
 * a purpose, with an expiry inside. The browser can neither read nor alter it, and a value
 * sealed for one purpose does not open for another. Values sealed before the shared
 * layout (no version byte) still open until they expire.
 */
export function seal(secretKey: Uint8Array, purpose: string, value: unknown, expiresAt: Date): string {
  const plain = Buffer.from(JSON.stringify({ v: value, exp: expiresAt.getTime() }), "utf8");
  return Buffer.from(encryptBytes(secretKey, sealPurpose(purpose), plain)).toString("base64url");
}

/** The sealed value, or null when it is not ours, was altered, or has expired. */
export function unseal<T>(secretKey: Uint8Array, purpose: string, sealed: string | null | undefined, now: Date = new Date()): T | null {
  if (!sealed || sealed.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(sealed)) return null;
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length < 12 + 16 + 1) return null;
  try {
    const plain = decryptBytes(secretKey, sealPurpose(purpose), raw);
    const parsed = JSON.parse(Buffer.from(plain).toString("utf8")) as { v: T; exp: number };
    if (typeof parsed.exp !== "number" || now.getTime() >= parsed.exp) return null;
    return parsed.v;
  } catch {
    return null;
  }
}

/** Seal's purposes are kept apart from stored fields' by a prefix (the same one the pre-version-2 key used). */
function sealPurpose(purpose: string): string {
  return `seal:${purpose}`;
}
