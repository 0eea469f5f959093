import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { createBooks, topUp } from "../services/ledger/test-fixtures";

const run = promisify(execFile);
const script = path.join(__dirname, "ledger-check.ts");
const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");

/** Runs the command as finance would, on the embedded database in `dataDir`. */
async function ledgerCheck(dataDir: string): Promise<{ code: number; stdout: string }> {
  // Never the DATABASE_URL server: this test owns its embedded database.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  try {
    const { stdout } = await run(tsx, [script], { env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("npm run ledger:check", () => {
  // A file-backed PGlite is slow to create on disk; shared memory halves it where there is one.
  const dataDir = mkdtempSync(path.join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "ledger-check-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints one OK line for sound books, and exits 1 listing each violation once they are broken", async () => {
    const database = await openDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
    const books = await createBooks(database.db, 1);
    await topUp(database.db, books, books.wallets[0]!, "12.34");
    await database.close();

    const sound = await ledgerCheck(dataDir);
    expect(sound.code).toBe(0);
    const [okLine, custodyLine, disclosureLine, clearingLine, timeLine] = sound.stdout.trim().split("\n");
    expect([okLine, custodyLine, disclosureLine, clearingLine]).toEqual([
      "ledger:check OK: 1 entries, 2 postings, 4 accounts, 0 holds; every invariant holds",
      "custody: custody:bank closed no day below zero",
      "disclosure: every kept month's ledger figures match the snapshots",
      "clearing: nothing has waited more than 4 day(s)",
    ]);
    expect(timeLine).toMatch(/^checked in \d+\.\d s$/);

    const tampered = await openDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
    await tampered.db.execute(sql`alter table ledger_postings disable trigger ledger_postings_append_only`);
    await tampered.db.execute(sql`update ledger_postings set amount = -12.30 where amount = -12.34`);
    await tampered.close();

    const broken = await ledgerCheck(dataDir);
    expect(broken.code).toBe(1);
    const [summary, ...rest] = broken.stdout.trim().split("\n");
    const lines = rest.filter((l) => l.startsWith("  "));
    expect(summary).toBe("ledger:check FAILED: 4 violation(s) in 1 entries, 2 postings, 4 accounts, 0 holds");
    expect(lines.map((l) => l.trim().split(" ")[0])).toEqual([
      "entry.postings",
      "account.balance",
      "operator.balanced",
      "database.trigger",
    ]);
  }, 60_000);
});
