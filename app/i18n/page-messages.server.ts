import { readFileSync } from "node:fs";
import path from "node:path";
import { matchRoutes } from "@remix-run/react";
import { catalogues, type Catalogue, type Locale, type MessageKey } from "./messages";
import type { RouteHandle } from "../route-handle";

/**
 * Per-page messages (docs/decisions/2026-12-04-per-page-messages.md). A page hydrates with the
 * messages its browser code can show, never the whole catalogue:
 *
 * - every key its route modules (and the chunks they import) name as a literal,
 *   `t("invest.title")` or `{ key: "finance.tab.journal" }`;
 * - every key under a prefix they build keys from, `t(\`borrow.status.${s}\`)` → `borrow.status.*`;
 * - every `error.*` key when the page shows field errors (the server picks those codes);
 * - the prefixes a route lists in `handle.messages`, for keys only its server code chooses.
 *
 * Read from the client build once, at the first request for each route; the catalogue itself
 * is loaded once with the server. Keys the server render used beyond these travel in an inline
 * JSON script (app/components/i18n.tsx), so hydration always matches.
 */

interface ServerBuildLike {
  routes: Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean; module: { handle?: unknown } }>;
  assets: { routes: Record<string, { module: string; imports?: string[] }> };
}

interface RouteObject {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: RouteObject[];
}

let installed: { build: ServerBuildLike; publicDir: string; tree: RouteObject[] } | null = null;
const keysByRoute = new Map<string, ReadonlySet<string>>();
const messagesByPage = new Map<string, Partial<Catalogue>>();
/**
 * Paths whose route ids are remembered: matching walks and ranks all ~115 routes and compiles a
 * pattern per route tried, the largest part of a page's own CPU time; pages with ids in the path
 * (loans, agreements) are many, so the oldest are forgotten first.
 */
const MAX_REMEMBERED_PATHS = 2_000;
const routeIdsByPath = new Map<string, string[]>();
const NO_MESSAGES: Partial<Catalogue> = Object.freeze({});

/** Called once by server.js with the server build and the folder public/ (the client build is under it). */
export function installPageMessages(build: ServerBuildLike, publicDir: string): void {
  const byParent = new Map<string | undefined, RouteObject[]>();
  for (const route of Object.values(build.routes)) {
    const list = byParent.get(route.parentId) ?? [];
    list.push({ id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive });
    byParent.set(route.parentId, list);
  }
  const attach = (routes: RouteObject[]): RouteObject[] =>
    routes.map((r) => {
      const children = byParent.get(r.id);
      return children ? { ...r, children: attach(children) } : r;
    });
  installed = { build, publicDir, tree: attach(byParent.get(undefined) ?? []) };
  keysByRoute.clear();
  messagesByPage.clear();
  routeIdsByPath.clear();
}

const ALL_KEYS = Object.keys(catalogues["zh-CN"]);
const KEY_SET = new Set(ALL_KEYS);
const LITERAL = /["'`]([A-Za-z][\w-]*(?:\.[\w-]+)+)["'`]/g;
const TEMPLATE_PREFIX = /`([A-Za-z][\w-]*(?:\.[\w-]+)*\.)\$\{/g;
const CONCAT_PREFIX = /["']([A-Za-z][\w-]*(?:\.[\w-]+)*\.)["']\s*\+/g;

/** The keys a piece of (minified) browser code names or builds from a prefix; exported for its test. */
export function keysNamedIn(source: string, into: Set<string> = new Set()): Set<string> {
  const prefixes: string[] = [];
  for (const match of source.matchAll(LITERAL)) if (KEY_SET.has(match[1]!)) into.add(match[1]!);
  for (const match of source.matchAll(TEMPLATE_PREFIX)) prefixes.push(match[1]!);
  for (const match of source.matchAll(CONCAT_PREFIX)) prefixes.push(match[1]!);
  // A page that shows field errors shows codes the server chose: all of them.
  if (into.has("error.generic")) prefixes.push("error.");
  addPrefixes(into, prefixes);
  return into;
}

function addPrefixes(into: Set<string>, prefixes: readonly string[]): void {
  for (const prefix of prefixes) {
    if (!prefix.endsWith(".")) {
      if (KEY_SET.has(prefix)) into.add(prefix);
      continue;
    }
    for (const key of ALL_KEYS) if (key.startsWith(prefix)) into.add(key);
  }
}

function routeKeys(routeId: string): ReadonlySet<string> {
  const cached = keysByRoute.get(routeId);
  if (cached) return cached;
  const { build, publicDir } = installed!;
  const asset = build.assets.routes[routeId];
  const keys = new Set<string>();
  for (const url of asset ? [asset.module, ...(asset.imports ?? [])] : []) {
    keysNamedIn(readFileSync(path.join(publicDir, url), "utf8"), keys);
  }
  const handle = build.routes[routeId]?.module.handle as RouteHandle | undefined;
  addPrefixes(keys, handle?.messages ?? []);
  keysByRoute.set(routeId, keys);
  return keys;
}

/** The route ids (root first) of a page or of its data request (`/path.data`, `/_root.data`). */
export function pageRouteIds(url: URL): string[] {
  if (!installed) return [];
  const pathname = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  const remembered = routeIdsByPath.get(pathname);
  if (remembered) return remembered;
  const ids = (matchRoutes(installed.tree as Parameters<typeof matchRoutes>[0], pathname) ?? []).map((m) => m.route.id!);
  if (routeIdsByPath.size >= MAX_REMEMBERED_PATHS) routeIdsByPath.delete(routeIdsByPath.keys().next().value!);
  routeIdsByPath.set(pathname, ids);
  return ids;
}

/** The page's route handles, root first (empty before server.js installed the build, as in unit tests). */
export function pageHandles(url: URL): RouteHandle[] {
  if (!installed) return [];
  return pageRouteIds(url).map((id) => (installed!.build.routes[id]?.module.handle ?? {}) as RouteHandle);
}

/** The messages the page at `url` may need in the browser; the whole catalogue when no build is installed. */
export function pageMessages(locale: Locale, url: URL, request: { document: boolean } = { document: true }): Partial<Catalogue> {
  if (!installed) return catalogues[locale];
  const ids = pageRouteIds(url);
  // A document that renders no <Scripts/> (a route says hydrate: false) ships no loader data;
  // a client navigation's data request (`.data`, from a page that hydrated) renders it with React.
  if (request.document && ids.some((id) => (installed!.build.routes[id]?.module.handle as RouteHandle | undefined)?.hydrate === false)) return NO_MESSAGES;
  const cacheKey = `${locale} ${ids.join(" ")}`;
  let messages = messagesByPage.get(cacheKey);
  if (!messages) {
    const catalogue = catalogues[locale];
    const picked: Partial<Record<MessageKey, string>> = {};
    for (const id of ids) for (const key of routeKeys(id)) picked[key as MessageKey] = catalogue[key as MessageKey];
    messages = picked;
    messagesByPage.set(cacheKey, messages);
  }
  return messages;
}
