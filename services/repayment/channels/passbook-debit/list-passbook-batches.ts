import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { passbookDebitBatches, passbookDebitInstructions } from "../../../../db/schema";

export interface PassbookBatchSummary {
  id: string;
  batchDate: string;
  batchNo: number;
  fileName: string;
  count: number;
  total: string;
  statusCounts: { sent: number; succeeded: number; insufficient_funds: number; account_closed: number };
}

/** The operator's passbook debit batches, newest first, with their instructions' statuses counted. */
export async function listPassbookBatches(db: DbOrTx, input: { operatorId: string; limit?: number }): Promise<PassbookBatchSummary[]> {
  const batches = await db
    .select()
    .from(passbookDebitBatches)
    .where(eq(passbookDebitBatches.operatorId, input.operatorId))
    .orderBy(desc(passbookDebitBatches.batchDate), desc(passbookDebitBatches.batchNo))
    .limit(input.limit ?? 60);
  const counts = await db
    .select({ batchId: passbookDebitInstructions.batchId, status: passbookDebitInstructions.status, n: sql<number>`count(*)::int` })
    .from(passbookDebitInstructions)
    .where(eq(passbookDebitInstructions.operatorId, input.operatorId))
    .groupBy(passbookDebitInstructions.batchId, passbookDebitInstructions.status);
  return batches.map((b) => {
    const statusCounts = { sent: 0, succeeded: 0, insufficient_funds: 0, account_closed: 0 };
    for (const c of counts) if (c.batchId === b.id) statusCounts[c.status] = Number(c.n);
    return { id: b.id, batchDate: b.batchDate, batchNo: b.batchNo, fileName: b.fileName, count: b.instructionCount, total: b.totalAmount, statusCounts };
  });
}

/** A batch's file as sent to the bank (for download). */
export async function getPassbookBatchFile(db: DbOrTx, input: { operatorId: string; batchId: string }): Promise<{ fileName: string; csv: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(input.batchId)) return null;
  const [row] = await db
    .select({ fileName: passbookDebitBatches.fileName, csv: passbookDebitBatches.fileCsv })
    .from(passbookDebitBatches)
    .where(and(eq(passbookDebitBatches.operatorId, input.operatorId), eq(passbookDebitBatches.id, input.batchId)));
  return row ?? null;
}
