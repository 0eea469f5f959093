import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Personal data at rest. Keys are derived from the server secret (passed in by the
 * caller: services never read configuration) with HKDF-SHA256 and a purpose label, so
 * the encryption key, the look-up hash key and the SMS code key are independent.
 */
export function deriveKey(secretKey: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secretKey, "lending-portal/borrowing", purpose, 32));
}

const VERSION = 1;

/** AES-256-GCM: version byte, 12-byte nonce, 16-byte tag, ciphertext. The purpose is the additional data. */
export function encryptField(secretKey: Uint8Array, purpose: string, plaintext: string): Uint8Array {
  const key = deriveKey(secretKey, `encrypt:${purpose}`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]));
}

export function decryptField(secretKey: Uint8Array, purpose: string, sealed: Uint8Array): string {
  const data = Buffer.from(sealed);
  if (data[0] !== VERSION || data.length < 29) throw new Error("sealed field: unknown format");
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(secretKey, `encrypt:${purpose}`), data.subarray(1, 13));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(data.subarray(13, 29));
  return Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]).toString("utf8");
}

/** A keyed hash for equality look-ups (lists, multi-application) without storing the value. */
export function lookupHash(secretKey: Uint8Array, kind: string, value: string): Uint8Array {
  return new Uint8Array(createHmac("sha256", deriveKey(secretKey, "lookup")).update(`${kind}:${value}`).digest());
}

export function codeHash(secretKey: Uint8Array, parts: string[]): Uint8Array {
  return new Uint8Array(createHmac("sha256", deriveKey(secretKey, "sms-code")).update(parts.join(":")).digest());
}
