import { readdirSync, readFileSync } from "node:fs";
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

  it("every audit action a service records has a label in both languages (the audit page shows no raw code or 其他操作 for it)", () => {
    const services = path.join(here, "../../services");
    const files = readdirSync(services, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.includes("testing"));
    const actions = new Set<string>();
    for (const file of files) for (const m of readFileSync(path.join(services, file), "utf8").matchAll(/\baction: "([a-z_]+\.[a-z_]+)"/g)) actions.add(m[1]!);
    expect(actions.size).toBeGreaterThan(50);
    const zh = catalogues["zh-CN"] as Record<string, string>;
    expect([...actions].filter((a) => !zh[`audit.action.${a}`]).sort()).toEqual([]);
  });
});
