import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The app's own route list, as Remix builds it (remix.config.js routes(), the same function the
 * build uses): a new route file is in the fuzz and the authorization matrix without anyone
 * listing it.
 */
export interface AppRoute {
  id: string;
  /** The whole URL pattern, e.g. `/o/:operator/finance/entries/:entryId`. */
  pattern: string;
  /** The names of the pattern's parameters, in order (`*` for a splat). */
  params: string[];
  hasLoader: boolean;
  hasAction: boolean;
  /** A layout route whose URL is answered by its index child. */
  layout: boolean;
  /** An index route: a POST reaches its action at `?index` (else the layout's). */
  index: boolean;
  /** The query and form names its module reads (`searchParams.get("x")`, `form.get("x")`), for the fuzz. */
  readNames: string[];
}

interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  file: string;
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export async function appRoutes(): Promise<AppRoute[]> {
  const config = (await import(path.join(root, "remix.config.js"))).default as { routes: () => Promise<Record<string, ManifestRoute>> };
  const manifest = await config.routes();
  const all = Object.values(manifest);
  const fullPath = (route: ManifestRoute): string => {
    const parent = route.parentId ? manifest[route.parentId] : undefined;
    const own = route.path ?? "";
    const above = parent ? fullPath(parent) : "";
    return [above, own].filter(Boolean).join("/");
  };
  return all
    .map((route) => {
      const source = readFileSync(path.join(root, "app", route.file), "utf8");
      const pattern = `/${fullPath(route)}`;
      return {
        id: route.id,
        pattern,
        params: [...pattern.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? "*"),
        hasLoader: /export (async function|const|function) loader\b/.test(source),
        hasAction: /export (async function|const|function) action\b/.test(source),
        layout: all.some((child) => child.parentId === route.id && child.index),
        index: route.index === true,
        readNames: [...new Set([...source.matchAll(/\bget(?:All)?\(\s*"([\w.-]+)"\s*\)/g)].map((m) => m[1]!))],
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The route's URL with `values` for its parameters (missing ones left as `:name`). */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => encodeURIComponent(values[name ?? "*"] ?? whole));
}

/** A regular expression matching the route's URLs, capturing each parameter. */
export function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split(/(:\w+|\*)/)
    .map((part) => (part === "*" ? "(.+)" : part.startsWith(":") ? "([^/?#\"]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}
