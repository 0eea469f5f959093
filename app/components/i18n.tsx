import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, translator, type Catalogue, type Locale, type Translate } from "../i18n/messages";
import { formatDate, formatDateTime, formatMoney } from "../i18n/format";
import type { loader as rootLoader } from "../root";

const FALLBACK: Partial<Catalogue> = {
  "error.title": "出错了 · Something went wrong",
  "error.body": "抱歉，系统暂时无法处理您的请求，请稍后再试。Please try again later.",
  "error.backHome": "返回首页 · Back to home",
  "notFound.title": "页面不存在 · Page not found",
  "notFound.body": "您要找的页面不存在或已被移走。The page does not exist.",
};

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
  // The catalogue comes with the root loader's data (one language), so no catalogue is bundled
  // into the browser's JavaScript. Without root data (the root loader itself failed) the error
  // page falls back to the few messages it shows.
  const catalogue = data?.messages ?? (FALLBACK as Catalogue);
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
