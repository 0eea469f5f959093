import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { ServerMessagesContext } from "./components/i18n";
import { catalogues, isLocale, type MessageKey } from "./i18n/messages";
import { startDatabase } from "./db.server";
// server.js marks the answers to writes for read-your-writes with a replica (db/replica.ts).
export { readReplicaConfigured, WROTE_COOKIE, WROTE_COOKIE_MAX_AGE_S } from "./db.server";
import { findOperator } from "./operator.server";
import { getConfig } from "./config.server";
import { productionBoundaryError, readBoundarySettings } from "./boundaries.server";
import { listOperators } from "../services/operators";
import { startBackgroundJobs } from "./jobs.server";
import { cookieAttributes, embedModeFrom, EMBED_COOKIE } from "./embed.server";
import { cacheKeyOf, PublicPageCache } from "./public-page-cache.server";
import { INVEST_LIST_CHANNEL, listenForChanges } from "../db/changes";

// server.js decides framed or top-level use with the same rule as the routes.
export { cookieAttributes, embedModeFrom, EMBED_COOKIE };
// …and issues the CSRF cookie and marks signed-in responses uncacheable under these names.
export { CSRF_COOKIE, SESSION_COOKIE } from "./session.server";
// …and hands over the build once, for per-page messages and route handles.
export { installPageMessages } from "./i18n/page-messages.server";

// …and answers the anonymous invest list from this copy while nothing it shows has changed.
export const publicPageCache = new PublicPageCache();
export { cacheKeyOf as publicPageCacheKey };

export function secureCookies(): boolean {
  return getConfig().secureCookies;
}

/** The portal's own secret-free settings server.js needs to start the sandbox services. */
export function isProduction(): boolean {
  return getConfig().production;
}

const ABORT_DELAY_MS = 5_000;

/** Called once by server.js before it listens: opens the database, migrates, seeds. */
export async function prepareServer(): Promise<{ databaseKind: string }> {
  // Production refuses to start with any boundary left to a sandbox: first what the
  // environment alone tells, then, with the database open, each operator's API settings.
  const production = process.env.APP_ENV === "production"; // before getConfig, which needs APP_SECRET
  const early = production ? productionBoundaryError(readBoundarySettings(process.env, null)) : null;
  if (early) throw early;
  const database = await startDatabase();
  if (production) {
    const slugs = (await listOperators(database.db)).map((o) => o.slug);
    const late = productionBoundaryError(readBoundarySettings(process.env, slugs));
    if (late) throw late;
  }
  // The cache serves nothing until it hears of changes; without that it stays off (each request renders).
  await listenForChanges(database.db, INVEST_LIST_CHANNEL, () => publicPageCache.invalidate(), () => publicPageCache.startListening()).catch(
    (error: unknown) => console.error("invest list cache off: cannot listen for changes", error),
  );
  startBackgroundJobs();
  return { databaseKind: database.kind };
}

/**
 * The origins the CSP of a page names besides ourselves, from the cached operator (no query
 * on a hit): `frameAncestors` may frame `/o/<slug>/...` pages (none elsewhere); `formActions`
 * are where its forms may lead, the operator's sign-on origin, because sign-out redirects
 * there (RP-initiated logout) and browsers hold a form submission's redirects to form-action.
 */
export async function securityOriginsFor(pathname: string): Promise<{ frameAncestors: string[]; formActions: string[] }> {
  const slug = /^\/o\/([^/]+)/.exec(pathname)?.[1];
  const operator = slug ? await findOperator(slug) : null;
  if (!operator) return NO_ORIGINS;
  return { frameAncestors: operator.frameAncestors, formActions: operator.signOnOrigin ? [operator.signOnOrigin] : [] };
}
const NO_ORIGINS = { frameAncestors: [], formActions: [] };

export function allowedPostOrigins(): string[] {
  return getConfig().extraOrigins;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const nonce = loadContext.cspNonce;
  // The whole catalogue for the server render; the browser gets only what the page uses (app/components/i18n.tsx).
  const rootData = remixContext.staticHandlerContext.loaderData.root as { locale?: unknown } | undefined;
  const messages = { catalogue: catalogues[isLocale(rootData?.locale) ? rootData.locale : "zh-CN"], used: new Set<MessageKey>() };
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ServerMessagesContext.Provider value={messages}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
        </ServerMessagesContext.Provider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS + 1000);
  });
}

export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return;
  console.error(`[request ${context.requestId ?? "?"}] ${request.method} ${new URL(request.url).pathname}`, error);
}
