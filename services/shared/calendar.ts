/**
 * Business days are Beijing calendar days (UTC+8, no daylight saving): a "day" in a
 * report, a due date or a trial balance means that day in China, wherever the server runs.
 */
const BEIJING_OFFSET = "+08:00";
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const probe = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(probe.getTime()) && probe.toISOString().slice(0, 10) === value;
}

/**
 * Dates a person may ask for (filters, reports, links): the platform's books start after 2000 and a
 * day past 2999 has no next day PostgreSQL's time zone arithmetic can write (year 10000).
 */
const EARLIEST_ASKABLE_DATE = "2000-01-01";
const LATEST_ASKABLE_DATE = "2999-12-31";

export function isAskableDate(value: string): boolean {
  return isCalendarDate(value) && value >= EARLIEST_ASKABLE_DATE && value <= LATEST_ASKABLE_DATE;
}

/** The first instant of a Beijing calendar day. */
export function startOfBeijingDay(date: string): Date {
  if (!isCalendarDate(date)) throw new Error(`not a calendar date: ${date}`);
  return new Date(`${date}T00:00:00.000${BEIJING_OFFSET}`);
}

/** The last millisecond of a Beijing calendar day (balances "as of" that day). */
export function endOfBeijingDay(date: string): Date {
  return new Date(startOfBeijingDay(date).getTime() + 24 * 60 * 60 * 1000 - 1);
}

/** Today's date in Beijing, YYYY-MM-DD. */
export function beijingDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  if (!isCalendarDate(from) || !isCalendarDate(to)) throw new Error(`not calendar dates: ${from}, ${to}`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The calendar date `days` after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  if (!isCalendarDate(date) || !Number.isInteger(days)) throw new Error(`cannot add ${days} days to ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A calendar date as Chinese documents write it: 2026-12-04 → 2026年12月4日. The same form the
 * pages show (app/i18n/format.ts formatDate, zh-CN "long"), for text made outside React:
 * agreements and certificates.
 */
export function chineseDate(date: string): string {
  if (!isCalendarDate(date)) throw new Error(`not a calendar date: ${date}`);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}
