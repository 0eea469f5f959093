import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { phonebillDeductions } from "../../../../db/schema";
import { cnyFromDb, formatCny } from "../../../ledger/money";

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
    phoneMasked: r.phone.length === 11 ? `${r.phone.slice(0, 3)}****${r.phone.slice(7)}` : "****",
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
