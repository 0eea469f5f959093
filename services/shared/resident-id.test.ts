import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { ageOn, maskIdNumber, parseResidentId, residentIdCheckChar } from "./resident-id";

const codeOf = (work: () => unknown): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};
const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

describe("the resident ID module", () => {
  it("checks format, then check character, then birth date, then age, with the caller's codes and field", () => {
    const errors = { format: "investor.id_number_invalid", checksum: "investor.id_number_checksum", birthDate: "investor.id_number_birth_date", underage: "investor.underage" } as const;
    // A bad check character on an impossible date: the check character is reported.
    expect(codeOf(() => parseResidentId("410102199002301230", "2026-11-21"))).toBe("id_number.invalid_checksum");
    expect(codeOf(() => parseResidentId("410102199002301230", "2026-11-21", { errors }))).toBe("investor.id_number_checksum");
    expect(codeOf(() => parseResidentId(withCheck("41010219900230123"), "2026-11-21", { errors }))).toBe("investor.id_number_birth_date");
    expect(() => parseResidentId("123", "2026-11-21", { field: "query" })).toThrow(expect.objectContaining({ code: "id_number.invalid_format", field: "query" }));
    expect(codeOf(() => parseResidentId(withCheck("41010220100101123"), "2026-11-21", { minAgeYears: 16 }))).toBeNull();
    expect(codeOf(() => parseResidentId(withCheck("41010220100101123"), "2026-11-21"))).toBe("id_number.not_adult");
  });

  it("reads birth date and gender", () => {
    expect(parseResidentId("11010519491231002X", "2026-11-21")).toEqual({ number: "11010519491231002X", birthDate: "1949-12-31", gender: "female" });
    expect(parseResidentId(withCheck("41010219900307123"), "2026-11-21").gender).toBe("male");
  });

  it("counts a 29 February birthday from 1 March in other years", () => {
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageOn("2008-02-29", "2026-03-01")).toBe(18);
  });

  it("masks every ID number one way, and re-masks masks stored in the older forms to it", () => {
    expect(maskIdNumber("411626198001011234")).toBe("411***********1234");
    expect(maskIdNumber("11010519491231002X")).toBe("110***********002X");
    // Investor profiles stored 4 + 4 before there was one mask; borrowers' were already 3 + 4.
    expect(maskIdNumber("4101**********2318")).toBe("410***********2318");
    expect(maskIdNumber("411***********1234")).toBe("411***********1234");
    expect(maskIdNumber(maskIdNumber("410102199003071230"))).toBe(maskIdNumber("410102199003071230"));
  });
});
