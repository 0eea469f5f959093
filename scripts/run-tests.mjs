// `npm test`: vitest (unit and database tests), then Playwright; one closing summary line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(tmpdir(), "lp-tests-"));
const vitestJson = path.join(dir, "vitest.json");
const playwrightJson = path.join(dir, "playwright.json");

if (!process.env.DATABASE_URL) {
  console.log("DATABASE_URL is not set: database tests run on PGlite only (set it to also run them on PostgreSQL).");
}

const vitest = spawnSync("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`], {
  stdio: "inherit",
});
const playwright = spawnSync("npx", ["playwright", "test"], {
  stdio: "inherit",
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
});

let passed = 0;
let failed = 0;
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
} else if (vitest.status !== 0) failed += 1;
if (existsSync(playwrightJson)) {
  const { stats } = JSON.parse(readFileSync(playwrightJson, "utf8"));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
} else if (playwright.status !== 0) failed += 1;

const ok = vitest.status === 0 && playwright.status === 0 && failed === 0 && passed > 0;
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
