import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { beijingDate } from "../shared/calendar";
import { maskIdNumber, parseResidentId as parseAnyResidentId, residentIdCheckChar } from "../shared/resident-id";
import { INVESTOR_RESIDENT_ID, luhnValid, maskBankCard, maskName, parseBankCard, parseLegalName } from "./identity-checks";
import { decryptField, encryptField } from "../shared/crypto/field-encryption";
import { piiIndex } from "../shared/crypto/lookup-hash";

const codeOf = (work: () => unknown): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : `unexpected: ${String(error)}`;
  }
};
const NOW = new Date("2026-11-22T04:00:00Z");
/** The shared parser as registration calls it: investor error codes, the Beijing day of `now`. */
const parseResidentId = (raw: string, now: Date) => parseAnyResidentId(raw, beijingDate(now), INVESTOR_RESIDENT_ID);

describe("resident ID numbers (GB 11643)", () => {
  it("accepts a valid number, normalising a lower-case x and spaces", () => {
    // 11010519491231002X is the standard's worked example.
    expect(parseResidentId("11010519491231002x", NOW)).toEqual({ number: "11010519491231002X", birthDate: "1949-12-31", gender: "female" });
    expect(parseResidentId(" 4101 0219 9003 071230 ", NOW).number).toBe("410102199003071230");
    expect(residentIdCheckChar("41010219900307123")).toBe("0");
  });

  it("refuses a wrong check character", () => {
    expect(codeOf(() => parseResidentId("110105194912310021", NOW))).toBe("investor.id_number_checksum");
    expect(codeOf(() => parseResidentId("410102199003071234", NOW))).toBe("investor.id_number_checksum");
  });

  it("refuses bad formats and unknown provinces", () => {
    for (const bad of ["", "12345", "41010219900307123", "4101021990030712345", "41010219900307123Y", "99010219900307123X", "A10102199003071235"]) {
      expect(codeOf(() => parseResidentId(bad, NOW)), bad).toBe("investor.id_number_invalid");
    }
  });

  it("refuses impossible or future birth dates", () => {
    const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
    expect(codeOf(() => parseResidentId(withCheck("41010219900230123"), NOW))).toBe("investor.id_number_birth_date"); // 30 February
    expect(codeOf(() => parseResidentId(withCheck("41010219901301123"), NOW))).toBe("investor.id_number_birth_date"); // month 13
    expect(codeOf(() => parseResidentId(withCheck("41010220301101123"), NOW))).toBe("investor.id_number_birth_date"); // future
    expect(codeOf(() => parseResidentId(withCheck("41010218890101123"), NOW))).toBe("investor.id_number_birth_date"); // before 1900
  });

  it("requires an adult on the Beijing calendar day", () => {
    const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
    // 18 on 2026-11-22 (Beijing) exactly: adult; a day younger: not.
    expect(parseResidentId(withCheck("41010220081122123"), NOW).birthDate).toBe("2008-11-22");
    expect(codeOf(() => parseResidentId(withCheck("41010220081123123"), NOW))).toBe("investor.underage");
    // 2026-11-21T20:00Z is already 22 November in Beijing.
    expect(parseResidentId(withCheck("41010220081122123"), new Date("2026-11-21T20:00:00Z")).number).toHaveLength(18);
  });
});

describe("bank cards", () => {
  it("accepts 16-19 digit numbers passing Luhn, ignoring spaces and dashes", () => {
    expect(luhnValid("4242424242424242")).toBe(true);
    expect(luhnValid("4242424242424241")).toBe(false);
    expect(parseBankCard("6222 0212 3456 7894")).toBe("6222021234567894");
    expect(parseBankCard("6217-0000-0000-0000-004")).toBe("6217000000000000004");
  });

  it("refuses a wrong check digit or length", () => {
    for (const bad of ["6222021234567890", "4242 4242 4242 424", "62220212345678901234", "6222abcd12345678", ""]) {
      expect(codeOf(() => parseBankCard(bad)), bad).toBe("investor.bank_card_invalid");
    }
  });
});

describe("masking", () => {
  it("shows only the first three and last four characters of an ID number (the one mask), the first and last four of a card", () => {
    expect(maskIdNumber("410102199003071230")).toBe("410***********1230");
    expect(maskBankCard("6222021234567894")).toBe("6222 **** **** 7894");
    expect(maskBankCard("6217000000000000004")).toBe("6217 **** **** 0004");
  });

  it("masks names for what investors see of a borrower", () => {
    expect(maskName("王小明")).toBe("王*明");
    expect(maskName("李娟")).toBe("李*");
    expect(maskName("欧阳娜娜")).toBe("欧**娜");
    expect(maskName(null)).toBe("**");
  });

  it("accepts Chinese and Latin legal names, refuses digits and one-character names", () => {
    expect(parseLegalName(" 买买提·艾力 ")).toBe("买买提·艾力");
    expect(parseLegalName("Anna Smith")).toBe("Anna Smith");
    expect(codeOf(() => parseLegalName("李"))).toBe("investor.name_invalid");
    expect(codeOf(() => parseLegalName("李4"))).toBe("investor.name_invalid");
  });
});

describe("personal data encryption", () => {
  const key = new Uint8Array(32).fill(1);
  const otherKey = new Uint8Array(32).fill(2);

  it("round-trips, with a fresh IV each time, and the plain number is not in the ciphertext", () => {
    const a = encryptField(key, "id-number", "410102199003071230", "user-1");
    const b = encryptField(key, "id-number", "410102199003071230", "user-1");
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).toString("latin1")).not.toContain("410102199003071230");
    expect(decryptField(key, "id-number", a, "user-1")).toBe("410102199003071230");
  });

  it("does not open under another key, for another record or purpose, or when altered", () => {
    const sealed = encryptField(key, "id-number", "410102199003071230", "user-1");
    expect(() => decryptField(otherKey, "id-number", sealed, "user-1")).toThrow();
    expect(() => decryptField(key, "id-number", sealed, "user-2")).toThrow();
    expect(() => decryptField(key, "bank-card", sealed, "user-1")).toThrow();
    const altered = new Uint8Array(sealed);
    altered[20] = altered[20]! ^ 1;
    expect(() => decryptField(key, "id-number", altered, "user-1")).toThrow();
  });

  it("indexes deterministically per key and purpose", () => {
    const one = piiIndex(key, "id-number", "410102199003071230");
    expect(Buffer.from(one).equals(Buffer.from(piiIndex(key, "id-number", "410102199003071230")))).toBe(true);
    expect(Buffer.from(one).equals(Buffer.from(piiIndex(otherKey, "id-number", "410102199003071230")))).toBe(false);
    expect(Buffer.from(one).equals(Buffer.from(piiIndex(key, "bank-card", "410102199003071230")))).toBe(false);
  });
});
