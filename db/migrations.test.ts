import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from "./testing";
import type { Db } from "./client";

/** The schema as the catalogue sees it: tables, columns, types, nullability, defaults, constraints. */
async function describeSchema(db: Db) {
  const columns = await db.execute(sql`
    select table_name, column_name, data_type, udt_name, is_nullable, column_default
    from information_schema.columns where table_schema = 'public'
    order by table_name, column_name`);
  const constraints = await db.execute(sql`
    select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as def
    -- PostgreSQL 17 (PGlite) also lists NOT NULL as constraints; nullability is compared via columns.
    from pg_constraint where connamespace = 'public'::regnamespace and contype <> 'n'
    order by 1, 2`);
  const indexes = await db.execute(sql`
    select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`);
  const triggers = await db.execute(sql`
    select event_object_table, trigger_name, action_timing, event_manipulation
    from information_schema.triggers where trigger_schema = 'public' order by 1, 2, 4`);
  const rows = (result: unknown) => ((result as { rows?: unknown[] }).rows ?? (result as unknown[]));
  return { columns: rows(columns), constraints: rows(constraints), indexes: rows(indexes), triggers: rows(triggers) };
}

describe("migrations", () => {
  const databases: TestDatabase[] = [];
  beforeAll(async () => {
    for (const kind of TEST_DATABASE_KINDS) databases.push(await createTestDatabase(kind));
  }, 120_000);
  afterAll(async () => {
    for (const database of databases) await database.destroy();
  });

  it("apply from empty and create the foundation tables", async () => {
    for (const { db } of databases) {
      const schema = await describeSchema(db);
      const tables = new Set((schema.columns as Array<{ table_name: string }>).map((c) => c.table_name));
      for (const table of ["operators", "users", "user_roles", "sessions", "sms_codes", "sms_messages", "audit_log"]) {
        expect(tables).toContain(table);
      }
    }
  });

  // Defined only when both kinds run (DATABASE_URL set), so a PGlite-only run has no skipped test.
  if (TEST_DATABASE_KINDS.length > 1) it("give the same schema on PGlite and on PostgreSQL", async () => {
    const [pglite, postgres] = await Promise.all(databases.map((d) => describeSchema(d.db)));
    expect(postgres).toEqual(pglite);
  });
});
