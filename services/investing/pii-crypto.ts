import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Personal data at rest (ID numbers, bank cards): AES-256-GCM under a key derived from
 * the server secret with HKDF-SHA256, one key per purpose. The record it belongs to is
 * the additional authenticated data, so a ciphertext copied onto another user's row does
 * not decrypt. Layout: version byte (1) | IV (12) | ciphertext | tag (16).
 *
 * Services never read the server secret themselves: the portal passes `secretKey` in.
 */
const VERSION = 1;

function derive(secretKey: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secretKey, "lending-portal/pii", info, 32));
}

export function encryptPii(secretKey: Uint8Array, purpose: string, boundTo: string, plain: string): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derive(secretKey, `pii-encryption:v${VERSION}:${purpose}`), iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]));
}

/** Throws when the data was altered, belongs to another record, or was sealed under another key. */
export function decryptPii(secretKey: Uint8Array, purpose: string, boundTo: string, sealed: Uint8Array): string {
  const raw = Buffer.from(sealed);
  if (raw.length < 1 + 12 + 16 || raw[0] !== VERSION) throw new Error("unknown PII ciphertext format");
  const decipher = createDecipheriv("aes-256-gcm", derive(secretKey, `pii-encryption:v${VERSION}:${purpose}`), raw.subarray(1, 13));
  decipher.setAAD(Buffer.from(boundTo, "utf8"));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(13, raw.length - 16)), decipher.final()]).toString("utf8");
}

/** A keyed, deterministic index of a value (uniqueness without storing it readable). */
export function piiIndex(secretKey: Uint8Array, purpose: string, value: string): Uint8Array {
  return new Uint8Array(createHmac("sha256", derive(secretKey, `pii-index:${purpose}`)).update(value, "utf8").digest());
}
