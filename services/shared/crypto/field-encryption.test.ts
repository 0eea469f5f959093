import { describe, expect, it } from "vitest";
import { decryptField, encryptField, FIELD_LAYOUT_VERSION, FieldDecryptionError, reencryptField } from "./field-encryption";

const key = new Uint8Array(32).fill(7);
const otherKey = new Uint8Array(32).fill(8);
const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

/**
 * Ciphertexts written by the helpers this module replaced, produced by their code (key =
 * 32 bytes of 7) before it was deleted. They must open for as long as such rows may exist.
 */
const OLD = {
  // services/borrowing/crypto.ts encryptField(key, "id_number", "11010519491231002X")
  borrowingIdNumber: hex("014135f82c5cac5db23d95408e6e7e7d9cf43cd46dae6a7af09a6f516940bb21f4e5439b0ea8221585dfdf37c20b37"),
  // services/borrowing/crypto.ts encryptField(key, "bank_account", "6230123456789012")
  borrowingAccount: hex("01d2af8b6c7c0210565f62a0d497f6b7ebe910f37dc3131092b4db8bb4a4e0995e2513c5e7ec022a4ebee2160b"),
  // services/investing/pii-crypto.ts encryptPii(key, "id-number", "user:0b7e", "410102199003071230")
  investorIdNumber: hex("0121a005a7612010e803fe7c6917758707b40e8ccd4957462879b5864fd3c1e68527ae065546a85204f81e8f90e972"),
};

describe("field encryption (AES-256-GCM, one module)", () => {
  it("writes the current layout: version byte, fresh IV, no plaintext", () => {
    const a = encryptField(key, "id_number", "411626198001011234");
    const b = encryptField(key, "id_number", "411626198001011234");
    expect(a[0]).toBe(FIELD_LAYOUT_VERSION);
    expect(a.length).toBe(1 + 12 + 18 + 16);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).toString("latin1")).not.toContain("411626");
    expect(decryptField(key, "id_number", a)).toBe("411626198001011234");
  });

  it("does not open under another key, purpose or record, or when altered", () => {
    const sealed = encryptField(key, "id-number", "410102199003071230", "investor_profiles:u1:id_number");
    expect(decryptField(key, "id-number", sealed, "investor_profiles:u1:id_number")).toBe("410102199003071230");
    expect(() => decryptField(otherKey, "id-number", sealed, "investor_profiles:u1:id_number")).toThrow(FieldDecryptionError);
    expect(() => decryptField(key, "bank-card", sealed, "investor_profiles:u1:id_number")).toThrow(FieldDecryptionError);
    expect(() => decryptField(key, "id-number", sealed, "investor_profiles:u2:id_number")).toThrow(FieldDecryptionError);
    expect(() => decryptField(key, "id-number", sealed)).toThrow(FieldDecryptionError);
    for (const at of [0, 5, 20, sealed.length - 1]) {
      const altered = new Uint8Array(sealed);
      altered[at]! ^= 1;
      expect(() => decryptField(key, "id-number", altered, "investor_profiles:u1:id_number"), `byte ${at}`).toThrow(FieldDecryptionError);
    }
    for (const junk of [new Uint8Array(0), new Uint8Array(10), new Uint8Array(40).fill(2)]) expect(() => decryptField(key, "x", junk)).toThrow(FieldDecryptionError);
  });

  it("opens the borrowing helper's old layout (0x01 | IV | tag | body, purpose as AAD)", () => {
    expect(decryptField(key, "id_number", OLD.borrowingIdNumber)).toBe("11010519491231002X");
    expect(decryptField(key, "bank_account", OLD.borrowingAccount)).toBe("6230123456789012");
    expect(() => decryptField(key, "bank_account", OLD.borrowingIdNumber)).toThrow(FieldDecryptionError);
    expect(() => decryptField(otherKey, "id_number", OLD.borrowingIdNumber)).toThrow(FieldDecryptionError);
  });

  it("opens the investor PII helper's old layout (0x01 | IV | body | tag, record as AAD)", () => {
    expect(decryptField(key, "id-number", OLD.investorIdNumber, "user:0b7e")).toBe("410102199003071230");
    expect(() => decryptField(key, "id-number", OLD.investorIdNumber, "user:other")).toThrow(FieldDecryptionError);
    expect(() => decryptField(key, "bank-card", OLD.investorIdNumber, "user:0b7e")).toThrow(FieldDecryptionError);
  });

  it("re-encrypts old layouts to the current one, and leaves current values alone", () => {
    const fresh = reencryptField(key, "id_number", OLD.borrowingIdNumber)!;
    expect(fresh[0]).toBe(FIELD_LAYOUT_VERSION);
    expect(decryptField(key, "id_number", fresh)).toBe("11010519491231002X");
    expect(reencryptField(key, "id_number", fresh)).toBeNull();
    const investor = reencryptField(key, "id-number", OLD.investorIdNumber, "user:0b7e")!;
    expect(decryptField(key, "id-number", investor, "user:0b7e")).toBe("410102199003071230");
    expect(() => decryptField(key, "id-number", investor, "user:other")).toThrow(FieldDecryptionError);
    expect(() => reencryptField(otherKey, "id_number", OLD.borrowingIdNumber)).toThrow(FieldDecryptionError);
  });
});
