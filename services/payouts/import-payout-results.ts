import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { payouts } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { sha256Hex } from "../bank-exchange/directory-drop";
import { anyOf, inTransaction } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";
import type { SmsSender } from "../sms";
import { rejectFile } from "../statements/read-statement-file";
import { bookDisbursementResult } from "./book-disbursement-result";
import { bookWithdrawalResult } from "./book-withdrawal-result";
import { AWAITING_BANK, type Payout } from "./payout";
import { readPayoutResult, type PayoutResultLine } from "./payout-files";

export type PayoutLineOutcome = "paid" | "failed" | "unchanged";

export interface PayoutResultImport {
  fileName: string | null;
  lines: Array<{ line: number; reference: string; status: string; outcome: PayoutLineOutcome }>;
}

/**
 * Imports the bank's payout result file (docs/file-formats.md, "Payout result"). The file
 * is read strictly and checked against our payouts before anything is booked: a malformed
 * line, an unknown reference, a payout never instructed, a paid amount other than
 * instructed, or an answer contradicting an earlier one refuses the whole file
 * (`statement.file_rejected` with the line and the reason) and nothing of it is kept. Then,
 * in one transaction, each new answer is booked (bookWithdrawalResult,
 * bookDisbursementResult); an answer seen before changes nothing, so the same file twice
 * books once. The import is audited with the file's checksum.
 */
export async function importPayoutResults(
  db: DbOrTx,
  input: { operatorId: string; fileBytes: Uint8Array | string; fileName?: string; smsFor: (tx: DbOrTx) => SmsSender; now?: Date },
): Promise<PayoutResultImport> {
  const now = input.now ?? new Date();
  const smsFor = input.smsFor;
  const parsed = readPayoutResult(input.fileBytes);
  const answers = oneAnswerPerReference(parsed);
  const resultFile = input.fileName ?? null;
  return inTransaction(db, async (tx) => {
    const references = [...answers.keys()].sort();
    const rows = await tx
      .select()
      .from(payouts)
      .where(and(eq(payouts.operatorId, input.operatorId), anyOf(payouts.id, references)))
      .orderBy(payouts.id)
      .for("update");
    const byId = new Map(rows.map((p) => [p.id, p]));
    const lines = parsed.map((line) => ({ line, payout: byId.get(line.reference), outcome: outcomeOf(line, byId.get(line.reference), answers) }));
    for (const { line, payout, outcome } of lines) {
      if (outcome === "unchanged") continue;
      const book = payout!.kind === "withdrawal" ? bookWithdrawalResult : bookDisbursementResult;
      await book(tx, { payout: payout!, line, resultFile, smsFor, now });
    }
    const summary = lines.map(({ line, outcome }) => ({ line: line.line, reference: line.reference, status: line.status, outcome }));
    const bytes = typeof input.fileBytes === "string" ? new TextEncoder().encode(input.fileBytes) : input.fileBytes;
    await recordAudit(
      tx,
      { operatorId: input.operatorId, actorUserId: null, action: "payout.results_imported", subject: resultFile ?? undefined, details: { sha256: sha256Hex(bytes), lines: summary.length, booked: summary.filter((s) => s.outcome !== "unchanged").length } },
      now,
    );
    return { fileName: resultFile, lines: summary };
  });
}

/** One answer per reference: an identical repeat is fine, a contradicting one refuses the file. */
function oneAnswerPerReference(parsed: readonly PayoutResultLine[]): Map<string, PayoutResultLine> {
  const byReference = new Map<string, PayoutResultLine>();
  for (const line of parsed) {
    const first = byReference.get(line.reference);
    if (first && (first.status !== line.status || !first.paidCny.eq(line.paidCny) || first.settledOn !== line.settledOn)) {
      rejectFile(line.line, "mixed_file", `reference ${line.reference} repeated with another result`);
    }
    if (!first) byReference.set(line.reference, line);
  }
  return byReference;
}

/** What a line means against our payout (pure); refuses the file when it cannot be booked. */
function outcomeOf(line: PayoutResultLine, payout: Payout | undefined, answers: ReadonlyMap<string, PayoutResultLine>): PayoutLineOutcome {
  if (!payout) return rejectFile(line.line, "unknown_reference", `${line.reference} is not one of our payouts`);
  if (line.status === "SUCCESS" && !line.paidCny.eq(new Cny(payout.amount))) {
    rejectFile(line.line, "bad_amount", `paid ${line.paidCny.toFixed(2)} but ${payout.amount} was instructed`);
  }
  if (payout.status === "paid" || payout.status === "failed") {
    if (payout.bankStatus !== line.status || payout.settledOn !== line.settledOn) {
      rejectFile(line.line, "mixed_file", `${line.reference} was already answered ${payout.bankStatus} on ${payout.settledOn}`);
    }
    return "unchanged";
  }
  if (!(AWAITING_BANK as readonly string[]).includes(payout.status)) return rejectFile(line.line, "unknown_reference", `${line.reference} was never instructed (${payout.status})`);
  if (answers.get(line.reference) !== line) return "unchanged";
  return line.status === "SUCCESS" ? "paid" : "failed";
}
