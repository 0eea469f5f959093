import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client";

/**
 * Inserts many rows of one table with one bind parameter: the rows travel as one JSON
 * array and `jsonb_populate_recordset` turns them into the table's row type. For batch
 * paths (hundreds of rows of a dozen columns): drizzle's `.values(rows)` binds and maps
 * every cell, which costs more CPU than the insert itself. Rows are given as for
 * `.values()` (property names, Date, decimal strings, JSON values); every row must set the
 * same properties, the others take their defaults. `tail` follows the statement (e.g. an
 * ON CONFLICT clause naming columns by their SQL names).
 */
export async function insertJsonRows<T extends PgTable>(tx: DbOrTx, table: T, rows: readonly T["$inferInsert"][], tail: SQL = sql``): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(rows[0]!).filter((key) => key in columns);
  const names = keys.map((key) => columns[key]!.name);
  const json = JSON.stringify(rows.map((row) => Object.fromEntries(keys.map((key, i) => [names[i], (row as Record<string, unknown>)[key] ?? null]))));
  const list = sql.raw(names.map((name) => `"${name}"`).join(", "));
  const tableName = sql.raw(`"${getTableName(table)}"`);
  await tx.execute(sql`insert into ${tableName} (${list}) select ${list} from jsonb_populate_recordset(null::${tableName}, ${json}::jsonb) ${tail}`);
}
