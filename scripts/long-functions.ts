// `npx tsx scripts/long-functions.ts [limit] [folder ...]`: service functions longer than `limit` lines
// (default 70), longest first. Tests, fixtures and testing helpers are left out. Folders default to every
// folder under services/. A function nested in another is measured on its own and not subtracted from its parent.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");
const servicesDir = path.join(root, "services");
const args = process.argv.slice(2);
const limit = args[0] && /^\d+$/.test(args[0]) ? Number(args.shift()) : 70;
const folders = args.length > 0 ? args : readdirSync(servicesDir).filter((name) => statSync(path.join(servicesDir, name)).isDirectory());

function isTestFile(file: string): boolean {
  return /\.test\.ts$/.test(file) || /(^|\/)testing\//.test(file) || /fixtures?\.ts$/.test(file) || /(^|\/)fixtures\//.test(file);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (parent && ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return "(anonymous)";
}

type Found = { file: string; name: string; line: number; lines: number };
const found: Found[] = [];

for (const folder of folders) {
  const dir = path.join(servicesDir, folder);
  for (const file of listFiles(dir)) {
    const relative = path.relative(root, file);
    if (isTestFile(relative)) continue;
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node) => {
      if (
        ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node)
      ) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > limit) found.push({ file: relative, name: nameOf(node), line: start + 1, lines });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

found.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
for (const f of found) console.log(`${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
console.log(`${found.length} function(s) over ${limit} lines in ${folders.join(", ")}`);
