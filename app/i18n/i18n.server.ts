import { createCookie } from "@remix-run/node";
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
