import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogues } from "./messages";

const here = path.dirname(fileURLToPath(import.meta.url));

describe("message catalogues", () => {
  it("no two area catalogues define the same key (a later one would silently win)", async () => {
    const files = readdirSync(here).filter((f) => f.endsWith("-messages.ts") && f !== "fallback-messages.ts");
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const file of files) {
      const mod = (await import(`./${file}`)) as Record<string, unknown>;
      const zh = Object.entries(mod).find(([name]) => name.endsWith("ZhCN"))?.[1] as Record<string, string> | undefined;
      expect(zh, `${file} exports a …ZhCN catalogue`).toBeDefined();
      for (const key of Object.keys(zh!)) {
        if (owner.has(key)) clashes.push(`${key}: ${owner.get(key)} and ${file}`);
        owner.set(key, file);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("English has every key Chinese has, and no empty message", () => {
    const zh = catalogues["zh-CN"];
    const en = catalogues.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    expect(Object.entries(zh).filter(([, v]) => !v.trim())).toEqual([]);
    expect(Object.entries(en).filter(([, v]) => !v.trim())).toEqual([]);
  });
});
