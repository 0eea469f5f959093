// `npx tsx scripts/service-cycles.ts`: the import arrows between service folders (tests and testing helpers
// left out), every cycle among them, and any import from db/ into services/ or from services/ into app/.
// Exits 1 when it finds one. Type-only imports count: they tie the folders together just the same.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const servicesDir = path.join(root, "services");
const isTest = (file: string) => /\.test\.ts$/.test(file) || /(^|\/)testing(\/|\.ts$)/.test(file) || /fixtures?(\/|\.ts$)/.test(file);

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else if (/\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+["']([^"']+)["']/g)].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith(".")).map((s) => path.resolve(path.dirname(file), s));
}

const folderOf = (file: string) => path.relative(servicesDir, file).split(path.sep)[0]!;
const edges = new Map<string, Map<string, string>>(); // from → to → one example file
const problems: string[] = [];

for (const file of listFiles(servicesDir)) {
  const relative = path.relative(root, file);
  if (isTest(relative)) continue;
  for (const target of importsOf(file)) {
    const rel = path.relative(root, target);
    if (rel.startsWith("app" + path.sep)) problems.push(`${relative} imports from app/ (${rel})`);
    if (!rel.startsWith("services" + path.sep)) continue;
    const from = folderOf(file);
    const to = folderOf(target);
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, relative);
  }
}
for (const file of listFiles(path.join(root, "db"))) {
  for (const target of importsOf(file)) {
    if (path.relative(root, target).startsWith("services" + path.sep)) problems.push(`${path.relative(root, file)} imports from services/`);
  }
}

// Strongly connected components (Tarjan): a component of more than one folder is a cycle.
const folders = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
let index = 0;
const indexOf = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const components: string[][] = [];
function connect(v: string) {
  indexOf.set(v, index);
  low.set(v, index);
  index += 1;
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!indexOf.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
  }
  if (low.get(v) === indexOf.get(v)) {
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const f of folders) if (!indexOf.has(f)) connect(f);

for (const from of folders) {
  const to = [...(edges.get(from)?.keys() ?? [])].sort();
  if (to.length) console.log(`${from} → ${to.join(", ")}`);
}
for (const component of components) {
  const inside = new Set(component);
  const arrows = component.flatMap((from) =>
    [...(edges.get(from)?.entries() ?? [])].filter(([to]) => inside.has(to)).map(([to, example]) => `  ${from} → ${to} (e.g. ${example})`),
  );
  problems.push(`cycle among ${component.join(", ")}:\n${arrows.join("\n")}`);
}
for (const p of problems) console.log(p);
console.log(problems.length === 0 ? "no cycles between service folders; db/ imports no services; services import no app/" : `${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
