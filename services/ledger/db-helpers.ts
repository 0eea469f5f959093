import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { PgDialect, PgTransaction } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "../../db/client";

/** Raw rows of a query: postgres.js returns an array, PGlite `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

interface PostgresJsClient {
  unsafe(query: string, params: unknown[], options: { prepare: boolean }): Promise<unknown[]>;
  begin: unknown;
}

function postgresJsClient(db: DbOrTx): PostgresJsClient | null {
  if (db instanceof PgTransaction) return null;
  const client = (db as { $client?: Partial<PostgresJsClient> }).$client;
  return client && typeof client.unsafe === "function" && typeof client.begin === "function" ? (client as PostgresJsClient) : null;
}

const dialect = new PgDialect();

/**
 * queryRows for the ledger's hot statements. drizzle runs every parameterised query
 * on postgres.js unprepared (it calls `unsafe` without `prepare`): postgres.js then
 * waits for a Parse/Describe round trip before Bind/Execute, and the server plans the
 * statement afresh each time. On a plain postgres.js handle this sends the same SQL as
 * a named prepared statement instead: one round trip, planned once per connection.
 * Transactions and PGlite take the ordinary path.
 */
export async function queryRowsPrepared<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const client = postgresJsClient(db);
  if (!client) return queryRows<T>(db, query);
  const { sql, params } = dialect.sqlToQuery(query);
  return (await client.unsafe(sql, params, { prepare: true })) as T[];
}

/**
 * Runs `work` in the caller's transaction when given one (so a ledger posting commits
 * or rolls back with the business change around it), else in a new transaction.
 * Inside, only the transaction handle may be used: on PGlite the outer handle waits
 * for the transaction to end, which never comes.
 */
export function inTransaction<T>(db: DbOrTx, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return work(db);
  return (db as Db).transaction((tx) => work(tx));
}

/** Timestamps from raw SQL arrive as text on both drivers (drizzle turns their parsers off). */
export function dateFromDb(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * A PostgreSQL array literal for one bind parameter (`= any(${pgArray(ids)}::uuid[])`):
 * a batch of thousands of ids or codes is one parameter instead of thousands (an IN list
 * of binds is parsed, bound and planned element by element). Every element is quoted.
 */
export function pgArray(values: Iterable<string>): string {
  const quoted: string[] = [];
  for (const value of values) quoted.push(`"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`);
  return `{${quoted.join(",")}}`;
}

/**
 * `column = any($1::<type>[])`: drizzle's `inArray` for lists that grow with the book. `inArray`
 * binds one parameter per value, and a statement may have at most 65,535: a day's batch of
 * 100,000 loans (a passbook debit file, the phone-bill requests) failed outright. This binds
 * the whole list as one array parameter of the column's own type. An empty list matches nothing.
 */
export function anyOf(column: AnyColumn, values: Iterable<string>): SQL {
  return sql`${column} = any(${pgArray(values)}::${sql.raw(column.getSQLType())}[])`;
}
