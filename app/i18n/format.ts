import type { Locale } from "./messages";

/** Chinese users' clocks are on Beijing time; render every date there, server and client alike. */
export const DISPLAY_TIME_ZONE = "Asia/Shanghai";

/**
 * Formats a decimal amount string ("1234.5", "-0.07") as ¥1,234.50. Works on the
 * string's digits, so no amount ever passes through a JavaScript number and the
 * client bundle needs no decimal library.
 */
export function formatMoney(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a decimal amount: ${amount}`);
  const [, sign, integerPart = "0", fraction = ""] = match;
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) {
    throw new Error(`amount has more than two decimals: ${amount}`);
  }
  const integer = integerPart.replace(/^0+(?=\d)/, "");
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const isZero = /^0*$/.test(integer + fraction);
  return `${sign && !isZero ? "-" : ""}¥${grouped}.${fraction.slice(0, 2).padEnd(2, "0")}`;
}

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
