import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as enums from "../db/enums";

const app = path.dirname(fileURLToPath(import.meta.url));
const routes = path.join(app, "routes");

describe("route modules", () => {
  // One module-level zod schema in any route puts zod (~14 KiB gzip) into a shared browser
  // chunk that every route importing "zod" then loads, borrower pages included (the 100 KiB
  // budget). Schemas belong inside actions and loaders, which the client build drops.
  it("define no zod schema at module scope", () => {
    // Route modules sit one folder down, by area (app/routes/<area>/...). Their *.server.ts
    // helpers never reach the browser, so a schema there is fine.
    const modules = readdirSync(routes, { recursive: true, encoding: "utf8" }).filter(
      (f) => /\.tsx?$/.test(f) && !/\.(server|test)\.tsx?$/.test(f),
    );
    expect(modules.length).toBeGreaterThan(80);
    const offenders = modules
      .flatMap((f) =>
        readFileSync(path.join(routes, f), "utf8")
          .split("\n")
          .map((line, i) => ({ f, i, line }))
          .filter(({ line }) => /^(export\s+)?(const|let)\s+\w+\s*=\s*z\./.test(line))
          .map(({ f, i }) => `${f}:${i + 1}`),
      );
    expect(offenders).toEqual([]);
  });

  // db/enums.ts is client-safe: pages import its lists instead of copying them.
  it("copy no list of db/enums", () => {
    const files = [
      ...readdirSync(routes, { recursive: true, encoding: "utf8" }).map((f) => path.join(routes, f)),
      ...readdirSync(path.join(app, "components")).map((f) => path.join(app, "components", f)),
    ].filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
    const lists = Object.entries(enums).map(([name, values]) => ({
      name,
      pattern: new RegExp(values.map((v) => `["']${v}["']`).join(String.raw`\s*,\s*`)),
    }));
    const copies = files.flatMap((f) => {
      const text = readFileSync(f, "utf8");
      return lists.filter(({ pattern }) => pattern.test(text)).map(({ name }) => `${path.relative(app, f)}: ${name}`);
    });
    expect(copies).toEqual([]);
  });
});
