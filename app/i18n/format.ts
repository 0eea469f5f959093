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
