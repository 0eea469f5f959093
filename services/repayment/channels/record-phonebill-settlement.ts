import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { phonebillDeductions } from "../../../db/schema";
import { chart, getAccountsByCodes, openAccount, postEntry } from "../../ledger";
import { inTransaction } from "../../ledger/db-helpers";
import { Cny } from "../../ledger/money";
import { DomainError } from "../../shared/errors";
import { DUE_PROCESSING_ACTOR } from "../run-due-processing";
import type { SettlementLine } from "./phonebill-settlement-file";
import { rejected } from "./read-csv";

export interface RecordedSettlement {
  settlementId: string;
  replayed: boolean;
  gross: string;
  commission: string;
  net: string;
  lineCount: number;
  entryId: string;
}

/**
 * Books the operator's phone-bill settlement (docs/file-formats.md): the operator paid
 * the confirmed deductions, net of its commission, into custody. One entry, key
 * `phonebill-settlement:<id>`: Dr custody:bank (net), Dr expense:channel-fee (commission),
 * Cr clearing:phonebill (gross); the deductions are marked with the settlement id in the
 * same transaction. Each line must name a confirmed deduction of ours for exactly the
 * amount deducted, not settled by another settlement; otherwise nothing is kept
 * (`repayment.file_rejected` with the line and reason). The same settlement again
 * changes nothing.
 */
export async function recordPhonebillSettlement(
  db: DbOrTx,
  input: { operatorId: string; settlementId: string; lines: readonly (SettlementLine & { line?: number })[]; postedBy?: { userId: string } | { system: string }; now?: Date },
): Promise<RecordedSettlement> {
  const { operatorId, settlementId } = input;
  const now = input.now ?? new Date();
  if (input.lines.length === 0) throw rejected(1, "no lines");
  return inTransaction(db, async (tx) => {
    const requestIds = input.lines.map((l) => l.requestId);
    const rows = await tx
      .select()
      .from(phonebillDeductions)
      .where(and(eq(phonebillDeductions.operatorId, operatorId), inArray(phonebillDeductions.requestId, requestIds)))
      .for("update");
    const byId = new Map(rows.map((r) => [r.requestId, r]));
    let gross = new Cny(0);
    let commission = new Cny(0);
    const seen = new Set<string>();
    let alreadySettled = 0;
    for (const [index, l] of input.lines.entries()) {
      const line = l.line ?? index + 2;
      if (l.settlementId !== settlementId) throw rejected(line, "another settlement_id");
      if (seen.has(l.requestId)) throw rejected(line, `request ${l.requestId} listed twice`);
      seen.add(l.requestId);
      const row = byId.get(l.requestId);
      if (!row) throw rejected(line, `unknown reference ${l.requestId}`);
      if (row.status !== "confirmed") throw rejected(line, `request ${l.requestId} is not confirmed`);
      if (!new Cny(row.deductedAmount ?? "0").eq(l.deducted)) throw rejected(line, `bad amount: we recorded ${row.deductedAmount} deducted`);
      if (!new Cny(l.deducted).minus(l.commission).eq(l.net) || new Cny(l.commission).isNegative()) throw rejected(line, "bad amount: net is not deducted − commission");
      if (row.settlementId && row.settlementId !== settlementId) throw rejected(line, `request ${l.requestId} already settled by ${row.settlementId}`);
      if (row.settlementId === settlementId) alreadySettled++;
      gross = gross.plus(l.deducted);
      commission = commission.plus(l.commission);
    }
    if (alreadySettled > 0 && alreadySettled !== input.lines.length) throw rejected(1, `settlement ${settlementId} was recorded with other lines`);
    const net = gross.minus(commission);
    if (net.isNegative()) throw new DomainError("repayment.invalid_amount", { field: "file" });

    const specs = [chart.custodyBank(), chart.expenseChannelFee(), chart.clearingPhonebill()];
    const accounts = await getAccountsByCodes(tx, { operatorId, codes: specs.map((s) => s.code) });
    const idOf = async (spec: (typeof specs)[number]) => accounts.get(spec.code)?.id ?? (await openAccount(tx, { operatorId, ...spec })).id;
    const postings = [
      { accountId: await idOf(chart.custodyBank()), amountCny: net.toFixed(2) },
      { accountId: await idOf(chart.expenseChannelFee()), amountCny: commission.toFixed(2) },
      { accountId: await idOf(chart.clearingPhonebill()), amountCny: gross.negated().toFixed(2) },
    ].filter((p) => !new Cny(p.amountCny).isZero());
    const posted = await postEntry(tx, {
      operatorId,
      idempotencyKey: `phonebill-settlement:${settlementId}`,
      kind: "channel_settlement",
      memo: `话费划扣结算 ${settlementId}`,
      cause: { type: "statement_line", id: settlementId },
      postedBy: input.postedBy ?? DUE_PROCESSING_ACTOR,
      postings,
      now,
    });
    if (alreadySettled === 0) {
      await tx
        .update(phonebillDeductions)
        .set({ settlementId })
        .where(and(eq(phonebillDeductions.operatorId, operatorId), inArray(phonebillDeductions.requestId, requestIds)));
    }
    return {
      settlementId,
      replayed: alreadySettled > 0,
      gross: gross.toFixed(2),
      commission: commission.toFixed(2),
      net: net.toFixed(2),
      lineCount: input.lines.length,
      entryId: posted.entry.id,
    };
  });
}
