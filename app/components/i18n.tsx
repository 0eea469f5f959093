import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, translator, type Locale, type Translate } from "../i18n/messages";
import { FALLBACK_MESSAGES } from "../i18n/fallback-messages";
import { formatDate, formatDateTime, formatMoney } from "../i18n/format";
import type { loader as rootLoader } from "../root";

/** The user's language, its messages and formatters, for any component. */
export function useI18n(): {
  locale: Locale;
  t: Translate;
  money: (amount: string) => string;
  date: (value: Date | string) => string;
  dateTime: (value: Date | string) => string;
} {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const catalogue = data?.messages ?? FALLBACK_MESSAGES;
  return useMemo(
    () => ({
      locale,
      t: translator(catalogue),
      money: formatMoney,
      date: (value) => formatDate(value, locale),
      dateTime: (value) => formatDateTime(value, locale),
    }),
    [locale, catalogue],
  );
}

export function useCsrfToken(): string {
  return useRouteLoaderData<typeof rootLoader>("root")?.csrfToken ?? "";
}
