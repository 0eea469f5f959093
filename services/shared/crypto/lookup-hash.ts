import { createHmac, hkdfSync } from "node:crypto";

/**
 * Keyed, deterministic hashes for equality look-ups without storing the value readable.
 * Both derivations are stored in unique and look-up indexes, so neither may change
 * without recomputing every stored hash; they live here side by side until that is done.
 */

/** Borrower records and risk lists: HMAC-SHA256 of "kind:value" (loan_applications.id_number_hash, risk_list_entries.value_hash). */
export function lookupHash(secretKey: Uint8Array, kind: string, value: string): Uint8Array {
  const key = Buffer.from(hkdfSync("sha256", secretKey, "lending-portal/borrowing", "lookup", 32));
  return new Uint8Array(createHmac("sha256", key).update(`${kind}:${value}`).digest());
}

/** Investor profiles: HMAC-SHA256 of the value under a per-purpose key (investor_profiles.id_number_index). */
export function piiIndex(secretKey: Uint8Array, purpose: string, value: string): Uint8Array {
  const key = Buffer.from(hkdfSync("sha256", secretKey, "lending-portal/pii", `pii-index:${purpose}`, 32));
  return new Uint8Array(createHmac("sha256", key).update(value, "utf8").digest());
}
