import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * The portal's one AES-256-GCM: personal data at rest (ID numbers, bank accounts and
 * cards) and the small values `seal` hands to a browser. Keys are derived from the server
 * secret (passed in by the caller: services never read configuration) per purpose, so a
 * value sealed for one purpose does not open for another.
 *
 * Current layout (version 2):
 *
 *     0x02 | IV (12 bytes) | ciphertext | tag (16 bytes)
 *
 * key  = HKDF-SHA256(secret, salt "lending-portal/field-encryption", info "v2:" + purpose)
 * AAD  = "lending-portal/field:v2" NUL purpose NUL boundTo
 *
 * `boundTo` names the record a value belongs to (e.g. `investor_profiles:<user>:id_number`),
 * so a ciphertext copied onto another row does not open. It is optional: borrower fields
 * have always been bound to their purpose only.
 *
 * Data written before version 2 still opens: `decryptField` falls back to each of the
 * LEGACY_LAYOUTS below (GCM's tag decides which one fits; a wrong guess cannot succeed),
 * and `needsReencryption` tells the re-encryption script (scripts/reencrypt-fields.ts)
 * which stored values to rewrite.
 */

export const FIELD_LAYOUT_VERSION = 2;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const HKDF_SALT = "lending-portal/field-encryption";
const AAD_LABEL = "lending-portal/field:v2";

export class FieldDecryptionError extends Error {
  constructor() {
    super("encrypted field does not open: wrong key, purpose or record, altered, or an unknown layout");
    this.name = "FieldDecryptionError";
  }
}

function currentKey(secretKey: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secretKey, HKDF_SALT, `v${FIELD_LAYOUT_VERSION}:${purpose}`, KEY_BYTES));
}

function currentAad(purpose: string, boundTo: string | undefined): Buffer {
  return Buffer.from(`${AAD_LABEL}\0${purpose}\0${boundTo ?? ""}`, "utf8");
}

/** AES-256-GCM of `plain`, returning IV, ciphertext and tag separately. */
function gcmEncrypt(key: Buffer, aad: Buffer | null, plain: Buffer): { iv: Buffer; body: Buffer; tag: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (aad) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, body, tag: cipher.getAuthTag() };
}

/** AES-256-GCM open; null when the tag does not verify. */
function gcmDecrypt(key: Buffer, aad: Buffer | null, iv: Buffer, body: Buffer, tag: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

/** Encrypts bytes in the current layout. */
export function encryptBytes(secretKey: Uint8Array, purpose: string, plain: Uint8Array, boundTo?: string): Uint8Array {
  const { iv, body, tag } = gcmEncrypt(currentKey(secretKey, purpose), currentAad(purpose, boundTo), Buffer.from(plain));
  return new Uint8Array(Buffer.concat([Buffer.from([FIELD_LAYOUT_VERSION]), iv, body, tag]));
}

/** Encrypts a text field in the current layout (a fresh IV each time). */
export function encryptField(secretKey: Uint8Array, purpose: string, plaintext: string, boundTo?: string): Uint8Array {
  return encryptBytes(secretKey, purpose, Buffer.from(plaintext, "utf8"), boundTo);
}

/**
 * A layout written before version 2. Each one is the exact byte layout, key derivation and
 * additional data of a helper that existed then; none may change, or old rows stop opening.
 */
interface LegacyLayout {
  name: string;
  open(secretKey: Uint8Array, purpose: string, data: Buffer, boundTo: string | undefined): Buffer | null;
}

const V1_MIN_BYTES = 1 + IV_BYTES + TAG_BYTES;

export const LEGACY_LAYOUTS: readonly LegacyLayout[] = [
  {
    // services/borrowing/crypto.ts (borrower ID numbers and bank accounts):
    // 0x01 | IV | tag | ciphertext; HKDF salt "lending-portal/borrowing", info "encrypt:" + purpose; AAD = purpose.
    name: "borrowing-v1",
    open(secretKey, purpose, data) {
      if (data[0] !== 1 || data.length < V1_MIN_BYTES) return null;
      const key = Buffer.from(hkdfSync("sha256", secretKey, "lending-portal/borrowing", `encrypt:${purpose}`, KEY_BYTES));
      return gcmDecrypt(key, Buffer.from(purpose), data.subarray(1, 13), data.subarray(29), data.subarray(13, 29));
    },
  },
  {
    // services/investing/pii-crypto.ts (investor ID numbers and bank cards):
    // 0x01 | IV | ciphertext | tag; HKDF salt "lending-portal/pii", info "pii-encryption:v1:" + purpose; AAD = boundTo.
    name: "investor-pii-v1",
    open(secretKey, purpose, data, boundTo) {
      if (data[0] !== 1 || data.length < V1_MIN_BYTES || boundTo === undefined) return null;
      const key = Buffer.from(hkdfSync("sha256", secretKey, "lending-portal/pii", `pii-encryption:v1:${purpose}`, KEY_BYTES));
      return gcmDecrypt(key, Buffer.from(boundTo, "utf8"), data.subarray(1, 13), data.subarray(13, data.length - TAG_BYTES), data.subarray(data.length - TAG_BYTES));
    },
  },
  {
    // services/shared/seal.ts before version 2 (values carried by browsers; no version byte):
    // IV | ciphertext | tag; key = HMAC-SHA256(secret, purpose) where seal's purpose was "seal:<name>"; no AAD.
    name: "seal-v0",
    open(secretKey, purpose, data) {
      if (data.length < IV_BYTES + TAG_BYTES + 1) return null;
      const key = createHmac("sha256", secretKey).update(purpose).digest();
      return gcmDecrypt(key, null, data.subarray(0, IV_BYTES), data.subarray(IV_BYTES, data.length - TAG_BYTES), data.subarray(data.length - TAG_BYTES));
    },
  },
];

function openCurrent(secretKey: Uint8Array, purpose: string, data: Buffer, boundTo: string | undefined): Buffer | null {
  if (data[0] !== FIELD_LAYOUT_VERSION || data.length < V1_MIN_BYTES) return null;
  const end = data.length - TAG_BYTES;
  return gcmDecrypt(currentKey(secretKey, purpose), currentAad(purpose, boundTo), data.subarray(1, 1 + IV_BYTES), data.subarray(1 + IV_BYTES, end), data.subarray(end));
}

/** The bytes sealed under `purpose` (and `boundTo`), in the current or any legacy layout. Throws FieldDecryptionError. */
export function decryptBytes(secretKey: Uint8Array, purpose: string, sealed: Uint8Array, boundTo?: string): Uint8Array {
  const data = Buffer.from(sealed);
  const plain = openCurrent(secretKey, purpose, data, boundTo) ?? openLegacy(secretKey, purpose, data, boundTo)?.plain;
  if (!plain) throw new FieldDecryptionError();
  return new Uint8Array(plain);
}

function openLegacy(secretKey: Uint8Array, purpose: string, data: Buffer, boundTo: string | undefined): { layout: string; plain: Buffer } | null {
  for (const layout of LEGACY_LAYOUTS) {
    const plain = layout.open(secretKey, purpose, data, boundTo);
    if (plain) return { layout: layout.name, plain };
  }
  return null;
}

/** The text field sealed under `purpose` (and `boundTo`), in the current or any legacy layout. Throws FieldDecryptionError. */
export function decryptField(secretKey: Uint8Array, purpose: string, sealed: Uint8Array, boundTo?: string): string {
  return Buffer.from(decryptBytes(secretKey, purpose, sealed, boundTo)).toString("utf8");
}

/**
 * For the re-encryption script: the value in the current layout, or null when it already
 * is. Throws FieldDecryptionError when it opens in no layout (wrong key, purpose or record).
 */
export function reencryptField(secretKey: Uint8Array, purpose: string, sealed: Uint8Array, boundTo?: string): Uint8Array | null {
  const data = Buffer.from(sealed);
  if (openCurrent(secretKey, purpose, data, boundTo)) return null;
  const legacy = openLegacy(secretKey, purpose, data, boundTo);
  if (!legacy) throw new FieldDecryptionError();
  return encryptBytes(secretKey, purpose, legacy.plain, boundTo);
}
