import type { SQL } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "../../db/client";

/** Raw rows of a query: postgres.js returns an array, PGlite `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
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
