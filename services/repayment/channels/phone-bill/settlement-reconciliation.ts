import Decimal from "decimal.js";
import { and, eq, gte, isNotNull, lte } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { ledgerEntries, phonebillDeductions, repayments } from "../../../../db/schema";
import { Cny, formatCny, sumCny } from "../../../ledger/money";
import { beijingDate } from "../../../shared/calendar";
import { toCsv } from "../../../shared/csv";
import { itemRange } from "../../../statements/day-range";
import { defineStatementChannel, type ItemRange, type OurItemView, type TheirLine } from "../../../statements/statement-channel";
import { PHONE_BILL_CLEARING } from "./clearing";
import { readSettlement, SETTLEMENT_COLUMNS, type SettlementStatementLine } from "./settlement-statement";

/** The commission the reconciliation sandbox's settlement files take (2 %, rounded half up to the fen). */
export const SANDBOX_SETTLEMENT_COMMISSION_RATE = new Decimal("0.02");

/**
 * The operator's settlement as reconciliation reads it (statement `phonebill_settlement`):
 * one group line per settlement — gross deducted, commission as fee, the request ids as
 * members — because the operator pays the net in one transfer; matched against our
 * confirmed deductions (reference = request id, grouped by settlement id).
 */
export const SETTLEMENT_STATEMENT = defineStatementChannel<SettlementStatementLine>({
  source: "phonebill_settlement",
  columns: SETTLEMENT_COLUMNS,
  read: readSettlement,
  storedLines: (lines) =>
    lines.map((l) => ({ lineNo: l.line, raw: l.raw, reference: l.requestId, amount: l.deductedCny, fee: l.commissionCny, date: l.deductedOn, kind: "DEDUCTION", groupKey: l.settlementId })),
  theirLines: (lines, fileId) => settlementGroups(lines).map((group) => groupLine(group, fileId)),
  listOurItems: listConfirmedDeductions,
  clearing: { code: PHONE_BILL_CLEARING.code },
  feeAccount: PHONE_BILL_CLEARING,
  async bookedFeeEntryId(db, operatorId, line) {
    // The channel books a settlement's commission itself (record-phonebill-settlement);
    // the fee is then in the books already.
    if (!line.group?.key) return null;
    const [settled] = await db
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.operatorId, operatorId), eq(ledgerEntries.idempotencyKey, `phonebill-settlement:${line.group.key}`)));
    return settled?.id ?? null;
  },
  sandboxStatements: sandboxSettlement,
});

function settlementGroups(lines: readonly SettlementStatementLine[]): SettlementStatementLine[][] {
  const groups = new Map<string, SettlementStatementLine[]>();
  for (const line of lines) groups.set(line.settlementId, [...(groups.get(line.settlementId) ?? []), line]);
  return [...groups.values()];
}

function groupLine(lines: readonly SettlementStatementLine[], fileId: string): TheirLine {
  const first = lines[0]!;
  return {
    id: `${fileId}:${first.line}`,
    source: "phonebill_settlement",
    reference: first.settlementId,
    amountCny: sumCny(lines.map((line) => line.deductedCny)),
    feeCny: sumCny(lines.map((line) => line.commissionCny)),
    group: { key: first.settlementId, memberReferences: lines.map((line) => line.requestId), netCny: sumCny(lines.map((line) => line.netCny)) },
    date: lines.map((line) => line.deductedOn).sort().at(-1)!,
    kind: "SETTLEMENT",
  };
}

/** Confirmed deductions answered in the range (reference = request id, grouped by settlement id when settled). */
async function listConfirmedDeductions(db: DbOrTx, range: ItemRange): Promise<OurItemView[]> {
  const rows = await db
    .select({ id: phonebillDeductions.id, requestId: phonebillDeductions.requestId, amount: phonebillDeductions.deductedAmount, answeredAt: phonebillDeductions.answeredAt, settlementId: phonebillDeductions.settlementId, entryIds: repayments.entryIds })
    .from(phonebillDeductions)
    .leftJoin(repayments, eq(repayments.id, phonebillDeductions.repaymentId))
    .where(
      and(
        eq(phonebillDeductions.operatorId, range.operatorId),
        eq(phonebillDeductions.status, "confirmed"),
        isNotNull(phonebillDeductions.answeredAt),
        gte(phonebillDeductions.answeredAt, range.from),
        lte(phonebillDeductions.answeredAt, range.to),
      ),
    );
  return rows
    .filter((r) => r.amount !== null && new Cny(r.amount).gt(0))
    .map((r) => ({
      id: `phonebill:${r.id}`,
      reference: r.requestId,
      amountCny: new Cny(r.amount ?? "0"),
      date: beijingDate(r.answeredAt!),
      ...(r.settlementId ? { groupKey: r.settlementId } : {}),
      entryIds: (r.entryIds as string[] | null) ?? [],
      label: `话费划扣 ${r.requestId}`,
    }));
}

/** The settlement the sandbox operator would send for a day; none for a day without deductions. */
async function sandboxSettlement(db: DbOrTx, input: { operatorId: string; date: string }) {
  const { operatorId, date } = input;
  const range = itemRange(operatorId, date);
  const items = await listConfirmedDeductions(db, range);
  if (items.length === 0) return [];
  const deductions = await db
    .select({ requestId: phonebillDeductions.requestId, phone: phonebillDeductions.phone })
    .from(phonebillDeductions)
    .where(and(eq(phonebillDeductions.operatorId, operatorId), eq(phonebillDeductions.status, "confirmed"), gte(phonebillDeductions.answeredAt, range.from), lte(phonebillDeductions.answeredAt, range.to)));
  const phoneOf = new Map(deductions.map((d) => [d.requestId, d.phone]));
  const compact = date.replace(/-/g, "");
  const amount = (d: Decimal) => ({ amount: formatCny(d) });
  const rows = items.map((i) => {
    const commission = i.amountCny.times(SANDBOX_SETTLEMENT_COMMISSION_RATE).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const phone = phoneOf.get(i.reference!) ?? "13800000000";
    return [i.groupKey ?? `ST-SANDBOX-${compact}`, i.reference!, `${phone.slice(0, 3)}****${phone.slice(-4)}`, amount(i.amountCny), amount(commission), amount(i.amountCny.minus(commission)), i.date];
  });
  const csv = toCsv([[...SETTLEMENT_COLUMNS], ...rows]);
  return [{ source: "phonebill_settlement", fileName: `phonebill-settlement-sandbox-${compact}.csv`, bytes: new TextEncoder().encode(csv) }];
}
