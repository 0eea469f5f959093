import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { phonebillDeductions } from "../../../../db/schema";
import { chart, getAccountsByCodes, openAccount, postEntry } from "../../../ledger";
import { recordAudit } from "../../../audit";
import { anyOf, inTransaction } from "../../../ledger/db-helpers";
import { Cny } from "../../../ledger/money";
import { DomainError } from "../../../shared/errors";
import { DUE_PROCESSING_ACTOR } from "../../run-due-processing";
import { rejectFile } from "../../../statements/read-statement-file";
import { PHONE_BILL_CLEARING } from "./clearing";
import type { SettlementStatementLine } from "./settlement-statement";

export interface RecordedSettlement {
  settlementId: string;
  replayed: boolean;
  gross: string;
  commission: string;
  net: string;
  lineCount: number;
  /** The commission's entry; none when the operator kept no commission. */
  entryId: string | null;
}

/**
 * Records the operator's phone-bill settlement (docs/file-formats.md): the operator says
 * it will pay the confirmed deductions, net of its commission, into custody under the
 * settlement id. Its commission is booked (key `phonebill-settlement:<id>`: Dr
 * expense:channel-fee / Cr clearing:phonebill) and the deductions are marked with the
 * settlement id in the same transaction; the net stays in clearing:phonebill until the
 * custody statement shows it arrived (services/custody). Each line must name a confirmed deduction of ours for exactly the
 * amount deducted, not settled by another settlement; otherwise nothing is kept
 * (`statement.file_rejected` with the line and reason). The same settlement again
 * changes nothing. Every import is audited in the same transaction (by `postedBy`'s user,
 * or none for the system), a repeat with `replayed`.
 */
export async function recordPhonebillSettlement(
  db: DbOrTx,
  input: { operatorId: string; settlementId: string; lines: readonly SettlementStatementLine[]; postedBy?: { userId: string } | { system: string }; now?: Date },
): Promise<RecordedSettlement> {
  const { operatorId, settlementId } = input;
  const now = input.now ?? new Date();
  if (input.lines.length === 0) rejectFile(1, "empty", "the settlement has no lines");
  return inTransaction(db, async (tx) => {
    const requestIds = input.lines.map((l) => l.requestId);
    const rows = await tx
      .select()
      .from(phonebillDeductions)
      .where(and(eq(phonebillDeductions.operatorId, operatorId), anyOf(phonebillDeductions.requestId, requestIds)))
      .for("update");
    const { gross, commission, alreadySettled } = checkLines(input.lines, settlementId, new Map(rows.map((r) => [r.requestId, r])));
    const net = gross.minus(commission);
    if (net.isNegative()) throw new DomainError("repayment.invalid_amount", { field: "file" });

    const entryId = commission.isZero() ? null : await postCommission(tx, { operatorId, settlementId, commission, postedBy: input.postedBy ?? DUE_PROCESSING_ACTOR, now });
    if (alreadySettled === 0) {
      await tx
        .update(phonebillDeductions)
        .set({ settlementId })
        .where(and(eq(phonebillDeductions.operatorId, operatorId), anyOf(phonebillDeductions.requestId, requestIds)));
    }
    await recordAudit(
      tx,
      {
        operatorId,
        actorUserId: input.postedBy && "userId" in input.postedBy ? input.postedBy.userId : null,
        action: "phonebill.settlement_imported",
        subject: settlementId,
        details: { lines: input.lines.length, gross: gross.toFixed(2), commission: commission.toFixed(2), replayed: alreadySettled > 0 },
      },
      now,
    );
    return {
      settlementId,
      replayed: alreadySettled > 0,
      gross: gross.toFixed(2),
      commission: commission.toFixed(2),
      net: net.toFixed(2),
      lineCount: input.lines.length,
      entryId,
    };
  });
}

/** The operator's commission, out of what it owes us (Dr expense:channel-fee / Cr clearing:phonebill), key `phonebill-settlement:<id>`. */
async function postCommission(
  tx: DbOrTx,
  input: { operatorId: string; settlementId: string; commission: Cny; postedBy: { userId: string } | { system: string }; now: Date },
): Promise<string> {
  const { operatorId, settlementId } = input;
  const accounts = await getAccountsByCodes(tx, { operatorId, codes: [chart.expenseChannelFee().code, PHONE_BILL_CLEARING.code] });
  const idOf = async (spec: ReturnType<typeof chart.expenseChannelFee>) => accounts.get(spec.code)?.id ?? (await openAccount(tx, { operatorId, ...spec })).id;
  const posted = await postEntry(tx, {
    operatorId,
    idempotencyKey: `phonebill-settlement:${settlementId}`,
    kind: "channel_settlement",
    memo: `话费划扣结算佣金 ${settlementId}`,
    cause: { type: "statement_line", id: settlementId },
    postedBy: input.postedBy,
    postings: [
      { accountId: await idOf(chart.expenseChannelFee()), amountCny: input.commission.toFixed(2) },
      { accountId: await idOf(PHONE_BILL_CLEARING), amountCny: input.commission.negated().toFixed(2) },
    ],
    now: input.now,
  });
  return posted.entry.id;
}

/**
 * Each line must name a confirmed deduction of ours for exactly the amount deducted, once,
 * not settled by another settlement (pure; the file is refused otherwise). Returns the
 * totals and how many lines this settlement had settled already (a replay: all of them).
 */
function checkLines(
  lines: readonly SettlementStatementLine[],
  settlementId: string,
  byId: ReadonlyMap<string, typeof phonebillDeductions.$inferSelect>,
): { gross: Cny; commission: Cny; alreadySettled: number } {
  let gross = new Cny(0);
  let commission = new Cny(0);
  const seen = new Set<string>();
  let alreadySettled = 0;
  for (const l of lines) {
    const line = l.line;
    if (l.settlementId !== settlementId) rejectFile(line, "mixed_file", "another settlement_id");
    if (seen.has(l.requestId)) rejectFile(line, "mixed_file", `request ${l.requestId} listed twice`);
    seen.add(l.requestId);
    const row = byId.get(l.requestId);
    if (!row) return rejectFile(line, "unknown_reference", `${l.requestId} is not one of our deduction requests`);
    if (row.status !== "confirmed") rejectFile(line, "bad_status", `request ${l.requestId} is not confirmed`);
    if (!new Cny(row.deductedAmount ?? "0").eq(l.deductedCny)) rejectFile(line, "bad_amount", `we recorded ${row.deductedAmount} deducted`);
    if (!l.deductedCny.minus(l.commissionCny).eq(l.netCny) || l.commissionCny.isNegative()) rejectFile(line, "net_mismatch", "net is not deducted − commission");
    if (row.settlementId && row.settlementId !== settlementId) rejectFile(line, "mixed_file", `request ${l.requestId} already settled by ${row.settlementId}`);
    if (row.settlementId === settlementId) alreadySettled++;
    gross = gross.plus(l.deductedCny);
    commission = commission.plus(l.commissionCny);
  }
  if (alreadySettled > 0 && alreadySettled !== lines.length) rejectFile(1, "mixed_file", `settlement ${settlementId} was recorded with other lines`);
  return { gross, commission, alreadySettled };
}
