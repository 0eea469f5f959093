import type { MessageKey } from "./i18n/messages";

/**
 * What a route module may export as `handle` (read by root.tsx through useMatches, and by the
 * server for per-page messages, app/i18n/page-messages.server.ts).
 */
export interface RouteHandle {
  /** Key prefixes (ending in ".") or keys this route's server code chooses and its browser code shows. */
  messages?: ReadonlyArray<MessageKey | `${string}.`>;
  /**
   * false: the page works as plain HTML (every form posts without JavaScript) and ships no
   * framework JavaScript: root.tsx renders no <Scripts/>. A function decides from the route's
   * loader data (undefined on an error page). Unset: the page hydrates.
   */
  hydrate?: false | ((data: unknown) => boolean);
}

/** No framework JavaScript on a page one of whose routes says so (handle.hydrate). */
export const PLAIN_HTML: RouteHandle = { hydrate: false };

export function pageHydrates(matches: ReadonlyArray<{ handle?: unknown; data?: unknown }>): boolean {
  return matches.every((match) => {
    const hydrate = (match.handle as RouteHandle | undefined)?.hydrate;
    return hydrate === undefined || (typeof hydrate === "function" && hydrate(match.data));
  });
}
