import { and, asc, eq, getTableColumns, gt, isNotNull, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../../db/client";
import { FIELD_LAYOUT_VERSION, FieldDecryptionError, reencryptField } from "./field-encryption";

/** Rows read and rewritten per transaction: small enough to keep locks short on a live portal. */
export const REENCRYPT_DEFAULT_BATCH_SIZE = 500;

/** One encrypted column and how its values were sealed: the purpose, and the record each is bound to (if any). */
export interface EncryptedColumn {
  /** For reports: "table.column". */
  name: string;
  table: PgTable;
  /** A uuid key, read in order to batch. */
  key: PgColumn;
  column: PgColumn;
  purpose: string;
  boundTo?: (key: string) => string;
}

export interface ColumnReport {
  name: string;
  rewritten: number;
  /** Values that open in no layout under this secret (wrong APP_SECRET, or damaged): left as they are. */
  failed: number;
}

/**
 * Rewrites every value of `column` not yet in the current layout (its first byte is the
 * layout version) to the current layout, in batches of `batchSize` rows, each batch in one
 * transaction. Idempotent: values already current are not read, so a second run rewrites
 * nothing. A value changed by someone else meanwhile is left alone (the update compares
 * the old bytes). A value that opens in no layout is counted and never overwritten.
 */
export async function reencryptColumn(
  db: Db,
  input: { secretKey: Uint8Array; column: EncryptedColumn; batchSize?: number; onBatch?: (report: ColumnReport) => void },
): Promise<ColumnReport> {
  const { table, key, column, purpose, boundTo } = input.column;
  const batchSize = input.batchSize ?? REENCRYPT_DEFAULT_BATCH_SIZE;
  const report: ColumnReport = { name: input.column.name, rewritten: 0, failed: 0 };
  const property = Object.entries(getTableColumns(table)).find(([, c]) => c === column)?.[0];
  if (!property) throw new Error(`${input.column.name}: the column is not the table's`);
  let after: string | null = null;
  for (;;) {
    const notCurrent: SQL = sql`get_byte(${column}, 0) <> ${FIELD_LAYOUT_VERSION}`;
    const where = and(isNotNull(column), notCurrent, after === null ? undefined : gt(key, after));
    const rows = (await db.select({ key, value: column }).from(table).where(where).orderBy(asc(key)).limit(batchSize)) as { key: string; value: Uint8Array }[];
    if (rows.length === 0) return report;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        let fresh: Uint8Array | null;
        try {
          fresh = reencryptField(input.secretKey, purpose, row.value, boundTo?.(row.key));
        } catch (error) {
          if (!(error instanceof FieldDecryptionError)) throw error;
          report.failed++;
          continue;
        }
        if (!fresh) continue;
        const updated = await tx
          .update(table)
          .set({ [property]: fresh })
          .where(and(eq(key, row.key), eq(column, row.value)))
          .returning({ key });
        report.rewritten += updated.length;
      }
    });
    after = rows[rows.length - 1]!.key;
    input.onBatch?.({ ...report });
  }
}
