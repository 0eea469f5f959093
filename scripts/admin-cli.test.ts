import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { operators, userRoles, users } from "../db/schema";
import { checkLedger } from "../services/ledger";

const run = promisify(execFile);
const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");

describe("npm run operator:add and staff:add", () => {
  const dataDir = mkdtempSync(path.join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "admin-cli-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** As an operator's engineer runs it, on the embedded database in `dataDir` (never DATABASE_URL: this test owns its database). */
  async function cli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    try {
      const { stdout, stderr } = await run(tsx, [path.join(__dirname, script), ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it("onboards an operator and its first admin, idempotently, and refuses bad input changing nothing", async () => {
    const add = ["--slug", "cbn", "--name-zh", "中国广电", "--name-en", "China Broadnet", "--brand-primary", "#6a1b9a"];
    expect(await cli("operator-add.ts", add)).toMatchObject({ code: 0, stdout: "operator:add: created cbn (/o/cbn)\n" });
    expect(await cli("operator-add.ts", add)).toMatchObject({ code: 0, stdout: "operator:add: cbn exists already; nothing changed\n" });
    const badSlug = await cli("operator-add.ts", ["--slug", "CBN 2", "--name-zh", "广电", "--name-en", "Broadnet"]);
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toContain("--slug must be");

    const staff = ["--operator", "cbn", "--phone", "13900000001", "--role", "admin", "--password", "Admin2026x"];
    expect(await cli("staff-add.ts", staff)).toMatchObject({ code: 0, stdout: "staff:add: 13900000001 at cbn: user created, role admin granted, password set\n" });
    expect((await cli("staff-add.ts", staff)).stdout).toBe("staff:add: 13900000001 at cbn: user exists, already admin, password kept (the user has one)\n");
    const weak = await cli("staff-add.ts", ["--operator", "cbn", "--phone", "13900000002", "--role", "finance", "--password", "weak"]);
    expect(weak).toMatchObject({ code: 1 });
    expect(weak.stderr).toContain("--password needs at least 8 characters");
    const badRole = await cli("staff-add.ts", ["--operator", "cbn", "--phone", "13900000002", "--role", "wizard"]);
    expect(badRole.code).toBe(1);
    expect((await cli("staff-add.ts", ["--operator", "cbn", "--phone", "1390000", "--role", "admin"])).stderr).toContain("11 digits");
    expect((await cli("staff-add.ts", ["--operator", "cbn", "--phone", "13900000002", "--role", "admin", "--colour", "x"])).code).toBe(2);

    const database = await openDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
    try {
      const ops = await database.db.select({ id: operators.id, slug: operators.slug }).from(operators);
      expect(ops.map((o) => o.slug)).toEqual(["cbn"]);
      const people = await database.db.select({ phone: users.phone, role: userRoles.role }).from(users).leftJoin(userRoles, eq(userRoles.userId, users.id));
      expect(people).toEqual([{ phone: "13900000001", role: "admin" }]);
      expect((await checkLedger(database.db)).ok).toBe(true);
    } finally {
      await database.close();
    }
  }, 180_000);
});
