import { createCookie } from "@remix-run/node";
import { formatDate } from "./format";
import { catalogues, DEFAULT_LOCALE, isLocale, translator, type Locale } from "./messages";

/** The chosen language is remembered for a year. */
export const localeCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 60 * 60,
});

export async function getLocale(request: Request): Promise<Locale> {
  const value: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export async function getTranslator(request: Request) {
  const locale = await getLocale(request);
  return { locale, t: translator(catalogues[locale]) };
}

/** How the person reads a stored notification (services/notifications inboxText): their language and the one date formatter. */
export async function getInboxReading(request: Request): Promise<{ locale: Locale; date: (isoDate: string) => string }> {
  const locale = await getLocale(request);
  return { locale, date: (isoDate) => formatDate(isoDate, locale) };
}
