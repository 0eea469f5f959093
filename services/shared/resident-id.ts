import { isCalendarDate } from "./calendar";
import { DomainError, type ErrorCode } from "./errors";

/**
 * Mainland resident identity card numbers (居民身份证号码, GB 11643-1999): the one parser,
 * check character, birth date and mask, for borrowers, investors, risk lists and the store
 * counter alike.
 */

/** GB 11643-1999 weights of the 17 body digits; the check character is CHECK_CHARS[sum mod 11]. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";
/** Province-level codes (GB/T 2260) that begin a resident ID number. */
const PROVINCE_CODES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
]);
/** Age of majority (民法典 art. 17): only an adult may borrow or invest. */
export const ADULT_AGE_YEARS = 18;
/** Earliest birth date accepted: the oldest living holders were born after it. */
const EARLIEST_BIRTH_DATE = "1900-01-01";

export interface ResidentId {
  /** Normalised: 18 characters, a trailing `x` upper-cased. */
  number: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** From the 17th digit: odd for men, even for women. */
  gender: "male" | "female";
}

/** The error code raised for each way a number can be wrong; each area names its own. */
export interface ResidentIdErrorCodes {
  format: ErrorCode;
  checksum: ErrorCode;
  birthDate: ErrorCode;
  underage: ErrorCode;
}

export const RESIDENT_ID_ERRORS: ResidentIdErrorCodes = {
  format: "id_number.invalid_format",
  checksum: "id_number.invalid_checksum",
  birthDate: "id_number.invalid_birth_date",
  underage: "id_number.not_adult",
};

/** The GB 11643 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Whole years between a birth date and a day (both YYYY-MM-DD); born on 29 February, a year older on 1 March. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Validates a resident ID number: 17 digits and a check character after a known province,
 * the right check character, a real birth date not before 1900 nor after `today` (a
 * Beijing calendar date), and a holder at least `minAgeYears` old on `today`. Spaces are
 * ignored, a lower-case x accepted. Checked in that order; the first failure is raised
 * with the caller's error code for it, on `field`.
 */
export function parseResidentId(
  raw: string,
  today: string,
  options: { field?: string; errors?: ResidentIdErrorCodes; minAgeYears?: number } = {},
): ResidentId {
  const field = options.field ?? "idNumber";
  const errors = options.errors ?? RESIDENT_ID_ERRORS;
  const minAgeYears = options.minAgeYears ?? ADULT_AGE_YEARS;
  const number = raw.replace(/\s+/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number) || !PROVINCE_CODES.has(number.slice(0, 2))) throw new DomainError(errors.format, { field });
  if (residentIdCheckChar(number.slice(0, 17)) !== number[17]) throw new DomainError(errors.checksum, { field });
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (!isCalendarDate(birthDate) || birthDate < EARLIEST_BIRTH_DATE || birthDate > today) throw new DomainError(errors.birthDate, { field });
  if (ageOn(birthDate, today) < minAgeYears) throw new DomainError(errors.underage, { field, details: { age: minAgeYears } });
  return { number, birthDate, gender: Number(number[16]) % 2 === 1 ? "male" : "female" };
}

/**
 * The one mask of an ID number, on every page, receipt, agreement and certificate: the
 * first three and the last four characters (411***********1234). Three, not four or six:
 * the first digits name the holder's region, and three say only the province.
 *
 * Masking a masked number gives the same mask, so a mask stored in another form (an
 * investor profile written as 4101**********1234 before there was one mask) is shown in
 * this one by masking it again.
 */
export function maskIdNumber(numberOrMask: string): string {
  return `${numberOrMask.slice(0, 3)}${"*".repeat(Math.max(0, numberOrMask.length - 7))}${numberOrMask.slice(-4)}`;
}
