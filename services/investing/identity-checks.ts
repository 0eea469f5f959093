import { DomainError } from "../shared/errors";
import type { ResidentIdErrorCodes } from "../shared/resident-id";
import { INVESTOR_MIN_AGE_YEARS } from "./limits";

/** Investors' resident ID numbers: the shared parser, with the investor journey's error codes and age. */
export const INVESTOR_RESIDENT_ID = {
  errors: {
    format: "investor.id_number_invalid",
    checksum: "investor.id_number_checksum",
    birthDate: "investor.id_number_birth_date",
    underage: "investor.underage",
  },
  minAgeYears: INVESTOR_MIN_AGE_YEARS,
} as const satisfies { errors: ResidentIdErrorCodes; minAgeYears: number };

/** The Luhn (mod 10) check used by bank card numbers. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A debit card number: 16 to 19 digits passing Luhn; spaces and dashes are ignored. */
export function parseBankCard(raw: string): string {
  const digits = raw.replace(/[\s-]+/g, "");
  if (!/^\d{16,19}$/.test(digits) || !luhnValid(digits)) throw new DomainError("investor.bank_card_invalid", { field: "bankCard" });
  return digits;
}

/** 6222021234567890123 → 6222 **** **** 0123 (first four and last four digits). */
export function maskBankCard(digits: string): string {
  return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
}

export { maskName } from "../shared/mask-name";

/** A legal name: 2–40 characters, Chinese or Latin letters, the middle dot of minority names, spaces. */
export function parseLegalName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, " ");
  const length = [...name].length;
  if (length < 2 || length > 40 || !/^[\p{Script=Han}A-Za-z·• .'-]+$/u.test(name)) {
    throw new DomainError("investor.name_invalid", { field: "legalName" });
  }
  return name;
}

/** Banks a withdrawal can be paid to (the payout adapter's bank codes). */
export const BANKS = ["ICBC", "ABC", "BOC", "CCB", "BOCOM", "PSBC", "CMB", "RCC"] as const;
export type BankCode = (typeof BANKS)[number];

export function parseBankCode(raw: string): BankCode {
  if (!(BANKS as readonly string[]).includes(raw)) throw new DomainError("investor.bank_invalid", { field: "bankCode" });
  return raw as BankCode;
}
