import type { Locale } from "./messages";

/** Chinese users' clocks are on Beijing time; render every date there, server and client alike. */
export const DISPLAY_TIME_ZONE = "Asia/Shanghai";

// One money formatter for the browser, the server and documents (string digits, no JS number).
export { formatMoney } from "../../services/shared/money-text";

export function formatDateTime(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: DISPLAY_TIME_ZONE,
  }).format(typeof date === "string" ? new Date(date) : date);
}

export function formatDate(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: DISPLAY_TIME_ZONE }).format(
    typeof date === "string" ? new Date(date) : date,
  );
}

/** A calendar month "2026-11" as people write it: 2026年11月 / November 2026. */
export function formatMonth(month: string, locale: Locale): string {
  if (!/^\d{4}-\d{2}$/.test(month)) return month;
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
}
