import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { openDatabase, type Database, type Db } from "./client";
import { operators } from "./schema";

export type DatabaseKind = "pglite" | "postgres";

const DEFAULT_TEST_POOL_SIZE = 4;

/** PGlite always; PostgreSQL too when DATABASE_URL is set (CI sets it). */
export const TEST_DATABASE_KINDS: DatabaseKind[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export interface TestDatabase extends Database {
  /** Closes the connection and drops the throwaway database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new
 * database on the DATABASE_URL server that is dropped afterwards.
 */
export async function createTestDatabase(kind: DatabaseKind, options: { maxConnections?: number } = {}): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await openDatabase({ pgliteDataDir: "memory://" });
    return { ...database, destroy: database.close };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("DATABASE_URL is required for PostgreSQL tests");
  const { default: postgres } = await import("postgres");
  // CI sets a per-run prefix so it can drop whatever a crashed worker left behind.
  const name = `${process.env.TEST_DB_PREFIX ?? "lp_test_"}${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Small pools: test files run side by side and the concurrency tests need most of the
  // server's 100 connections for themselves.
  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: options.maxConnections ?? DEFAULT_TEST_POOL_SIZE });
  return {
    ...database,
    async destroy() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * Runs the same suite once per database kind, each on its own fresh database.
 * `ctx.db` is only valid inside tests (it is opened in beforeAll).
 */
export function describeEachDatabase(
  name: string,
  suite: (ctx: { readonly db: Db; readonly database: TestDatabase; kind: DatabaseKind }) => void,
  options: { maxConnections?: number } = {},
): void {
  for (const kind of TEST_DATABASE_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind, options);
      }, 60_000);
      afterAll(async () => {
        await database?.destroy();
      });
      suite({
        kind,
        get db() {
          if (!database) throw new Error("test database not open yet");
          return database.db;
        },
        get database() {
          if (!database) throw new Error("test database not open yet");
          return database;
        },
      });
    });
  }
}

/** A bare operator tenant for tests that need one. */
export async function createTestOperator(db: Db, slug: string): Promise<{ id: string; slug: string }> {
  const [row] = await db
    .insert(operators)
    .values({ slug, nameZh: `测试${slug}`, nameEn: `Test ${slug}`, logoPath: "/logos/unicom.svg", brandPrimary: "#333333", brandPrimaryDark: "#111111", brandAccent: "#eeeeee" })
    .returning({ id: operators.id, slug: operators.slug });
  if (!row) throw new Error(`test operator ${slug} not created`);
  return row;
}

/** Counts notices; `settle(n)` waits until n in all have arrived (PostgreSQL delivers them a moment after commit). */
export function noticeCounter() {
  let count = 0;
  return {
    onChange: () => {
      count += 1;
    },
    get count() {
      return count;
    },
    async settle(expected: number, timeoutMs = 5_000): Promise<number> {
      const deadline = Date.now() + timeoutMs;
      while (count < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50)); // and nothing more right behind
      return count;
    },
  };
}
