import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useMemo } from "react";
import { DEFAULT_LOCALE, translator, type Catalogue, type Locale, type MessageKey, type Translate } from "../i18n/messages";
import { FALLBACK_MESSAGES } from "../i18n/fallback-messages";
import { formatDate, formatDateTime, formatMoney } from "../i18n/format";
import type { loader as rootLoader } from "../root";

/**
 * Server render only (app/entry.server.tsx provides it): the whole catalogue of the request's
 * language, so the HTML is always complete, and the keys the render used, so the browser gets
 * any the page's own set lacks (PageMessagesScript). The browser bundle never holds the catalogue.
 */
export interface ServerMessages {
  catalogue: Catalogue;
  used: Set<MessageKey>;
}
export const ServerMessagesContext = createContext<ServerMessages | null>(null);

const PAGE_MESSAGES_ID = "page-messages";

/** In the browser: every message this tab has received, per language (pages only add to it). */
const received: Partial<Record<Locale, Partial<Catalogue>>> = {};
let inlineRead = false;

function browserCatalogue(locale: Locale, fromLoader: Partial<Catalogue>): Partial<Catalogue> {
  const catalogue = (received[locale] ??= {});
  if (!inlineRead && typeof document !== "undefined") {
    inlineRead = true;
    const inline = document.getElementById(PAGE_MESSAGES_ID)?.textContent;
    if (inline) Object.assign(catalogue, JSON.parse(inline));
  }
  return Object.assign(catalogue, fromLoader);
}

/** The user's language, its messages and formatters, for any component. */
export function useI18n(): {
  locale: Locale;
  t: Translate;
  money: (amount: string) => string;
  date: (value: Date | string) => string;
  dateTime: (value: Date | string) => string;
} {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  const server = useContext(ServerMessagesContext);
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const messages = data?.messages as Partial<Catalogue> | undefined;
  return useMemo(() => {
    let t: Translate;
    if (!messages) t = translator(FALLBACK_MESSAGES);
    else if (server) {
      const translate = translator(server.catalogue);
      t = (key, params) => {
        server.used.add(key);
        return translate(key, params);
      };
    } else t = translator(browserCatalogue(locale, messages));
    return {
      locale,
      t,
      money: formatMoney,
      date: (value: Date | string) => formatDate(value, locale),
      dateTime: (value: Date | string) => formatDateTime(value, locale),
    };
  }, [locale, messages, server]);
}

/**
 * The messages the server render used that the page's own set (the root loader's) lacks, as
 * inline JSON read once by the browser before hydrating: rendered after the page, so every key
 * is known. Not a script that runs (type application/json), so it needs no nonce.
 */
export function PageMessagesScript() {
  const server = useContext(ServerMessagesContext);
  const messages = useRouteLoaderData<typeof rootLoader>("root")?.messages as Partial<Catalogue> | undefined;
  let json = "";
  if (server && messages) {
    const extra: Partial<Catalogue> = {};
    for (const key of server.used) if (!(key in messages)) extra[key] = server.catalogue[key];
    json = JSON.stringify(extra).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  }
  return <script type="application/json" id={PAGE_MESSAGES_ID} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: json }} />;
}

export function useCsrfToken(): string {
  return useRouteLoaderData<typeof rootLoader>("root")?.csrfToken ?? "";
}
