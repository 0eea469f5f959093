import { DomainError } from "../shared/errors";

/** GB 11643-1999 weights of the 17 body digits; the check character is CHECK[sum mod 11]. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";
/** Province-level codes in use (the ID number's first two digits). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);
export const ADULT_AGE_YEARS = 18;

export interface ResidentId {
  /** Normalised: 18 characters, a trailing `x` upper-cased. */
  number: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: "male" | "female";
}

export function idCheckCharacter(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Validates a mainland resident identity card number (GB 11643-1999): 17 digits and a
 * check character, a known province, a real birth date not in the future, and an adult
 * on `today` (a Beijing calendar date).
 */
export function parseResidentId(raw: string, today: string, field = "idNumber"): ResidentId {
  const number = raw.trim().replace(/\s/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number) || !PROVINCES.has(Number(number.slice(0, 2)))) {
    throw new DomainError("id_number.invalid_format", { field });
  }
  if (idCheckCharacter(number.slice(0, 17)) !== number[17]) throw new DomainError("id_number.invalid_checksum", { field });
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  const probe = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== birthDate || birthDate < "1900-01-01" || birthDate > today) {
    throw new DomainError("id_number.invalid_birth_date", { field });
  }
  if (ageOn(birthDate, today) < ADULT_AGE_YEARS) throw new DomainError("id_number.not_adult", { field, details: { age: ADULT_AGE_YEARS } });
  return { number, birthDate, gender: Number(number[16]) % 2 === 1 ? "male" : "female" };
}

/** 410***********1234: region's first digits and the last four, as on receipts. */
export function maskIdNumber(number: string): string {
  return `${number.slice(0, 3)}${"*".repeat(Math.max(0, number.length - 7))}${number.slice(-4)}`;
}

/** A bank account shown as **** **** 1234. */
export function maskAccount(account: string): string {
  return `**** ${account.slice(-4)}`;
}
