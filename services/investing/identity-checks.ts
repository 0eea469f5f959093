import { DomainError } from "../shared/errors";
import { beijingDate, isCalendarDate } from "../shared/calendar";
import { INVESTOR_MIN_AGE_YEARS } from "./limits";

/** GB 11643-1999: weights of the first 17 digits, and the check character for sum mod 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = "10X98765432";
/** Province-level codes (GB/T 2260) that begin a resident ID number. */
const PROVINCE_CODES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
]);

/** The GB 11643 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

export interface ResidentId {
  /** Normalised: 18 characters, upper-case X. */
  number: string;
  /** YYYY-MM-DD. */
  birthDate: string;
}

/**
 * A mainland resident ID number (居民身份证号码): 18 characters, a known province, a real
 * birth date not in the future, the GB 11643 check character, and an adult holder on
 * `now` (Beijing calendar). Spaces are ignored, a lower-case x accepted.
 */
export function parseResidentId(raw: string, now: Date = new Date()): ResidentId {
  const number = raw.replace(/\s+/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number) || !PROVINCE_CODES.has(number.slice(0, 2))) {
    throw new DomainError("investor.id_number_invalid", { field: "idNumber" });
  }
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  const today = beijingDate(now);
  if (!isCalendarDate(birthDate) || birthDate > today || birthDate < "1900-01-01") {
    throw new DomainError("investor.id_number_birth_date", { field: "idNumber" });
  }
  if (residentIdCheckChar(number.slice(0, 17)) !== number[17]) {
    throw new DomainError("investor.id_number_checksum", { field: "idNumber" });
  }
  const adultFrom = `${String(Number(birthDate.slice(0, 4)) + INVESTOR_MIN_AGE_YEARS).padStart(4, "0")}${birthDate.slice(4)}`;
  // Born on 29 February: adult on 1 March of a non-leap year (the string compare does that).
  if (today < adultFrom) throw new DomainError("investor.underage", { field: "idNumber", details: { age: INVESTOR_MIN_AGE_YEARS } });
  return { number, birthDate };
}

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

/** 410102199003071234 → 4101**********1234. */
export function maskIdNumber(number: string): string {
  return `${number.slice(0, 4)}${"*".repeat(Math.max(0, number.length - 8))}${number.slice(-4)}`;
}

/** 6222021234567890123 → 6222 **** **** 0123 (first four and last four digits). */
export function maskBankCard(digits: string): string {
  return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
}

/** 李娟 → 李*, 王小明 → 王*明: what an investor may see of a borrower's name. */
export function maskName(name: string | null): string {
  const chars = [...(name ?? "").trim()];
  if (chars.length === 0) return "**";
  if (chars.length === 1) return `${chars[0]}*`;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

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
