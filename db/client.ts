import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database handle type services accept: PostgreSQL (postgres.js) or PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Services take either; inside a transaction always pass the transaction handle. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Finds db/migrations whether we run from source (tsx, vitest) or from the
 * bundled server build (build/index.js, one level below the project root).
 */
export function migrationsFolder(): string {
  const fromEnv = process.env.MIGRATIONS_DIR;
  if (fromEnv) return fromEnv;
  const candidates = [path.join(here, "migrations"), path.join(here, "..", "db", "migrations")];
  const found = candidates.find((candidate) => existsSync(path.join(candidate, "meta", "_journal.json")));
  if (found) return found;
  throw new Error(`db/migrations not found near ${here}`);
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for a throwaway database. */
  pgliteDataDir?: string;
  maxConnections?: number;
  /**
   * PGlite only: do not wait for the data directory to be flushed after each query (bulk
   * loads such as the simulator; a crash may lose the last moments, which a rerun redoes).
   */
  relaxedDurability?: boolean;
  /**
   * PostgreSQL only: `transaction` when `databaseUrl` is a pooler in transaction pooling
   * (pgbouncer `pool_mode = transaction`), and `directUrl` is required. drizzle sends
   * unnamed statements already; `prepare: false` also keeps raw postgres.js queries from
   * naming statements, which pgbouncer before 1.21 cannot carry between server connections.
   */
  poolMode?: PoolMode;
  /**
   * PostgreSQL only: the server itself, around the pooler. Migrations run there, and so do
   * session advisory locks (the due-run lock), which a transaction pooler would hand to the
   * next client with the server connection.
   */
  directUrl?: string;
}

export type PoolMode = "session" | "transaction";

/**
 * The PostgreSQL settings of the environment (README: Configuration): DATABASE_URL,
 * DATABASE_POOL_MODE (`transaction` behind pgbouncer's transaction pooling) and
 * DATABASE_DIRECT_URL. Unset DATABASE_URL means the embedded database.
 */
export function databaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<OpenOptions, "databaseUrl" | "poolMode" | "directUrl"> {
  const mode = env.DATABASE_POOL_MODE || undefined;
  if (mode !== undefined && mode !== "session" && mode !== "transaction") throw new Error(`DATABASE_POOL_MODE must be session or transaction, not ${mode}`);
  return {
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(mode ? { poolMode: mode } : {}),
    ...(env.DATABASE_DIRECT_URL ? { directUrl: env.DATABASE_DIRECT_URL } : {}),
  };
}

const directUrls = new WeakMap<object, string>();

/** The URL that reaches PostgreSQL without a pooler, when the database was opened behind one. */
export function directUrlOf(db: Db): string | undefined {
  return directUrls.get(db);
}

/** Opens the database and applies every pending migration before returning. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const pooled = options.poolMode === "transaction";
    if (pooled && !options.directUrl) throw new Error("a transaction pooler (DATABASE_POOL_MODE=transaction) needs DATABASE_DIRECT_URL: migrations and session locks go around it");
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      ...(pooled ? { prepare: false } : {}),
    });
    const db = drizzle(client, { schema });
    if (options.directUrl) {
      directUrls.set(db, options.directUrl);
      const direct = postgres(options.directUrl, { max: 1, onnotice: () => {} });
      try {
        await migrate(drizzle(direct, { schema }), { migrationsFolder: migrationsFolder() });
      } finally {
        await direct.end({ timeout: 5 });
      }
    } else {
      await migrate(db, { migrationsFolder: migrationsFolder() });
    }
    return { db: db as unknown as Db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dataDir = options.pgliteDataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, options.relaxedDurability ? { relaxedDurability: true } : {});
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}
