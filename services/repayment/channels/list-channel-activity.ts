import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { passbookDebitBatches, passbookDebitInstructions, phonebillDeductions } from "../../../db/schema";
import { cnyFromDb, formatCny } from "../../ledger/money";
import { maskPhone } from "../../shared/mask-phone";

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

/** Phone-bill deduction requests, newest first (phones masked). */
export async function listPhonebillDeductions(db: DbOrTx, input: { operatorId: string; limit?: number }) {
  const rows = await db
    .select()
    .from(phonebillDeductions)
    .where(eq(phonebillDeductions.operatorId, input.operatorId))
    .orderBy(desc(phonebillDeductions.requestedAt), desc(phonebillDeductions.requestId))
    .limit(input.limit ?? 100);
  return rows.map((r) => ({
    requestId: r.requestId,
    loanId: r.loanId,
    installmentN: r.installmentN,
    phoneMasked: maskPhone(r.phone),
    requestedAmount: r.requestedAmount,
    status: r.status,
    deductedAmount: r.deductedAmount,
    refusalReason: r.refusalReason,
    settlementId: r.settlementId,
    requestedAt: r.requestedAt.toISOString(),
  }));
}

/** Phone-bill money confirmed and what of it the operator has settled, per settlement (null: not yet settled). */
export async function listPhonebillSettlements(db: DbOrTx, input: { operatorId: string; limit?: number }) {
  const rows = await db
    .select({ settlementId: phonebillDeductions.settlementId, count: sql<number>`count(*)::int`, deducted: sql<string>`coalesce(sum(${phonebillDeductions.deductedAmount}), 0)::text` })
    .from(phonebillDeductions)
    .where(and(eq(phonebillDeductions.operatorId, input.operatorId), eq(phonebillDeductions.status, "confirmed"), isNotNull(phonebillDeductions.deductedAmount)))
    .groupBy(phonebillDeductions.settlementId)
    .orderBy(sql`${phonebillDeductions.settlementId} desc nulls first`)
    .limit(input.limit ?? 30);
  return rows.map((r) => ({ settlementId: r.settlementId, count: Number(r.count), deducted: formatCny(cnyFromDb(r.deducted)) }));
}
