import { and, asc, eq, getTableColumns, gt, isNotNull, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { maskIdNumber } from "./resident-id";

/**
 * Rewrites stored ID masks not in the one form (`maskIdNumber`: three characters, stars,
 * four) to it, in batches of `batchSize` rows, each batch in one transaction. Masking a
 * mask gives the one mask, so no secret is needed. Idempotent; a mask changed meanwhile is
 * left alone (the update compares the old text). Returns the number rewritten.
 */
export async function remaskIdNumbers(db: Db, input: { table: PgTable; key: PgColumn; column: PgColumn; batchSize: number }): Promise<number> {
  const { table, key, column } = input;
  const property = Object.entries(getTableColumns(table)).find(([, c]) => c === column)?.[0];
  if (!property) throw new Error(`${column.name}: the column is not the table's`);
  // The one mask shows three characters, so its fourth is a star.
  const notOneMask = sql`substr(${column}, 4, 1) <> '*'`;
  let rewritten = 0;
  let after: string | null = null;
  for (;;) {
    const rows = (await db
      .select({ key, masked: column })
      .from(table)
      .where(and(isNotNull(column), notOneMask, after === null ? undefined : gt(key, after)))
      .orderBy(asc(key))
      .limit(input.batchSize)) as { key: string; masked: string }[];
    if (rows.length === 0) return rewritten;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const updated = await tx
          .update(table)
          .set({ [property]: maskIdNumber(row.masked) })
          .where(and(eq(key, row.key), eq(column, row.masked)))
          .returning({ key });
        rewritten += updated.length;
      }
    });
    after = rows[rows.length - 1]!.key;
  }
}
