import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/**
 * Seals a small JSON value for a browser to carry (a cookie, a form field): AES-256-GCM
 * under a key derived from the server secret and a purpose, with an expiry inside. The
 * browser can neither read nor alter it, and a value sealed for one purpose does not
 * open for another.
 */
export function seal(secretKey: Uint8Array, purpose: string, value: unknown, expiresAt: Date): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", purposeKey(secretKey, purpose), iv);
  const plain = Buffer.from(JSON.stringify({ v: value, exp: expiresAt.getTime() }), "utf8");
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The sealed value, or null when it is not ours, was altered, or has expired. */
export function unseal<T>(secretKey: Uint8Array, purpose: string, sealed: string | null | undefined, now: Date = new Date()): T | null {
  if (!sealed || sealed.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(sealed)) return null;
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length < 12 + 16 + 1) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", purposeKey(secretKey, purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    const parsed = JSON.parse(plain.toString("utf8")) as { v: T; exp: number };
    if (typeof parsed.exp !== "number" || now.getTime() >= parsed.exp) return null;
    return parsed.v;
  } catch {
    return null;
  }
}

function purposeKey(secretKey: Uint8Array, purpose: string): Buffer {
  return createHmac("sha256", secretKey).update(`seal:${purpose}`).digest();
}
