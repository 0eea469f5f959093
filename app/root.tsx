import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import "./load-context";
import stylesHref from "./tailwind.css";
import { useNonce } from "./components/nonce";
import { PageMessagesScript, useI18n } from "./components/i18n";
import { DEFAULT_LOCALE } from "./i18n/messages";
import { getLocale } from "./i18n/i18n.server";
import { pageMessages } from "./i18n/page-messages.server";
import { getConfig } from "./config.server";
import { pageHydrates } from "./route-handle";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "普惠金融 · Inclusive Finance" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  return {
    locale,
    // Only what this page's browser code can show (app/i18n/page-messages.server.ts), never the
    // catalogue; none for a plain-HTML page's document, which carries no loader data at all.
    messages: pageMessages(locale, new URL(request.url), { document: !context.dataRequest }),
    csrfToken: context.csrfToken,
    requestId: context.requestId,
    sandbox: !getConfig().production,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const hydrate = pageHydrates(useMatches());
  return (
    <html lang={data?.locale ?? DEFAULT_LOCALE}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="format-detection" content="telephone=no" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        {/* Borrower and investor pages are plain HTML (their routes' handle.hydrate, app/route-handle.ts):
            no React, no loader data, no messages in the page; only tiny inline enhancements. */}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <PageMessagesScript />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Last resort: a page outside any operator (or a failure before one is known). */
export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <main className="mx-auto max-w-lg p-6">
      <ErrorMessage error={error} />
    </main>
  );
}

export function ErrorMessage({ error, homeHref = "/" }: { error: unknown; homeHref?: string }) {
  const { t } = useI18n();
  const requestId = useRouteLoaderData<typeof loader>("root")?.requestId;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const notFound = status === 404;
  const forbidden = status === 403;
  const badRequest = status === 400;
  const csrf = forbidden && isRouteErrorResponse(error) && error.statusText === "csrf";
  const control = badRequest && isRouteErrorResponse(error) && error.statusText === "control_characters";
  const tooLong = badRequest && isRouteErrorResponse(error) && error.statusText === "field_too_long";
  const unknownOperator = notFound && isRouteErrorResponse(error) && error.statusText === "operator";
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <div className="card space-y-3 text-center" data-testid={notFound ? "not-found" : "error"}>
      <p className="text-5xl font-bold text-brand" aria-hidden="true">
        {status}
      </p>
      <h1 className="text-xl font-semibold">
        {notFound ? t("notFound.title") : forbidden ? t("forbidden.title") : badRequest ? t("badRequest.title") : t("error.title")}
      </h1>
      <p className="text-slate-600">
        {unknownOperator
          ? t("notFound.operatorBody")
          : notFound
            ? t("notFound.body")
            : forbidden
              ? t(csrf ? "forbidden.body" : "forbidden.roleBody")
              : badRequest
                ? t(control ? "badRequest.controlBody" : tooLong ? "badRequest.tooLongBody" : "badRequest.body", { max: String(isRouteErrorResponse(error) ? error.data : "") })
                : t("error.body")}
      </p>
      {status >= 500 && requestId ? (
        <p className="text-sm text-slate-500" data-testid="request-id">
          {t("error.requestId", { id: requestId })}
        </p>
      ) : null}
      <Link to={unknownOperator ? "/" : homeHref} className="btn-primary">
        {t("error.backHome")}
      </Link>
    </div>
  );
}
