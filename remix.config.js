import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Remix's own flat-routes naming (the function behind its app/routes convention), so a
// route's URL and id come from its file name exactly as they would in a flat app/routes.
const { flatRoutesUniversal } = createRequire(import.meta.url)("@remix-run/dev/dist/config/flat-routes.js");

const appDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), "app");

/**
 * Routes are grouped by area: app/routes/<area>/<flat route name>, e.g.
 * app/routes/finance/o.$operator.finance.journal.tsx. The area folder only groups (it is not
 * part of the URL); the file name is the Remix flat-route name and gives the URL and route id
 * (`routes/o.$operator.finance.journal`), as if the file sat directly in app/routes. Beside
 * the routes, `*.server.ts` files are the area's own server helpers and `*.test.ts` its
 * tests; neither is a route. Helpers several areas share stay in app/.
 */
function areaRoutes() {
  const routesDirectory = path.join(appDirectory, "routes");
  /** The path a file would have in a flat app/routes → where it really is (relative to app/). */
  const files = new Map();
  for (const area of readdirSync(routesDirectory, { withFileTypes: true })) {
    if (area.name.startsWith(".")) continue;
    if (!area.isDirectory()) {
      throw new Error(`app/routes/${area.name}: a route lives in its area's folder, app/routes/<area>/${area.name}`);
    }
    for (const name of readdirSync(path.join(routesDirectory, area.name))) {
      if (name.startsWith(".") || !/\.tsx?$/.test(name) || /\.(server|test)\.tsx?$/.test(name)) continue;
      const flat = path.join(routesDirectory, name);
      const existing = files.get(flat);
      if (existing) throw new Error(`${name} is in two areas: app/${existing} and app/routes/${area.name}/${name}`);
      files.set(flat, `routes/${area.name}/${name}`);
    }
  }
  const manifest = flatRoutesUniversal(appDirectory, [...files.keys()]);
  for (const route of Object.values(manifest)) route.file = files.get(path.join(appDirectory, route.file));
  return manifest;
}

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The app/routes convention finds nothing here (every route is one folder down); areaRoutes() reads them.
  ignoredRouteFiles: ["**/*"],
  routes: async () => areaRoutes(),
  serverModuleFormat: "esm",
  // Services and db live beside app/ and are bundled into the server build;
  // PGlite ships wasm it loads at runtime, so it stays an external import.
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
