import { and, eq, sql } from "drizzle-orm";
import type { Notify } from "../../../notifications";
import type { DbOrTx } from "../../../../db/client";
import { passbookDebitInstructions } from "../../../../db/schema";
import { recordAudit } from "../../../audit";
import { anyOf, inTransaction } from "../../../ledger/db-helpers";
import { Cny } from "../../../ledger/money";
import { startOfBeijingDay } from "../../../shared/calendar";
import { assert } from "../../../shared/errors";
import { applyRepayments, MAX_REPAYMENTS_PER_BATCH, type RepaymentRequest } from "../../apply-repayments";
import { DUE_PROCESSING_ACTOR } from "../../run-due-processing";
import { rejectFile } from "../../../statements/read-statement-file";
import { readDebitResult, type DebitResultLine, type DebitResultStatus } from "./debit-result-statement";

export type PassbookLineOutcome =
  /** SUCCESS applied to the loan now. */
  | "applied"
  /** SUCCESS for an instruction already marked failed (a late result after a retry): applied, the money moved. */
  | "applied_late"
  /** INSUFFICIENT_FUNDS or ACCOUNT_CLOSED recorded. */
  | "failed"
  /** Seen before with the same answer: nothing changes. */
  | "unchanged"
  /** A failure for an instruction that already succeeded: the money moved, the failure is ignored. */
  | "ignored";

export interface PassbookLineResult {
  line: number;
  reference: string;
  status: DebitResultStatus;
  debited: string;
  outcome: PassbookLineOutcome;
  loanId: string;
  repaymentId: string | null;
}

/** Instructions marked per statement (each row is a few hundred bytes of one JSON parameter). */
const INSTRUCTIONS_PER_STATEMENT = 1000;

const STATUS_OF: Record<DebitResultStatus, "succeeded" | "insufficient_funds" | "account_closed"> = {
  SUCCESS: "succeeded",
  INSUFFICIENT_FUNDS: "insufficient_funds",
  ACCOUNT_CLOSED: "account_closed",
};

/**
 * Imports the bank's passbook debit result file (docs/file-formats.md). The file is read
 * strictly and checked against our instructions first: a wrong header, an unknown
 * reference, a bad amount or status, a SUCCESS debiting more than asked or contradicting
 * an earlier answer refuses the whole file (`statement.file_rejected` with the line and the
 * reason) and nothing of it is kept. Then, in one transaction: each SUCCESS is applied to
 * its loan through applyRepayments (source passbook_debit, reference = the instruction's,
 * amount = what was debited, received on settled_on) and the instruction marked succeeded;
 * a SUCCESS for less than asked is applied as debited (the money moved; what is left stays
 * due and the next retry day asks for it); failures mark the instruction. A line seen
 * before changes nothing, so the same file imported twice is applied once; a SUCCESS for an
 * instruction already marked failed (late, possibly after a retry was raised) is applied.
 * Every import is audited in the same transaction (`actorUserId`: the finance user who
 * uploaded it; none when due processing fetched it from the bank).
 */
export async function importPassbookResults(
  db: DbOrTx,
  input: { operatorId: string; fileBytes: Uint8Array | string; fileName?: string; actorUserId?: string | null; now?: Date; notify?: Notify },
): Promise<{ fileName: string | null; lines: PassbookLineResult[] }> {
  const { operatorId } = input;
  const now = input.now ?? new Date();
  const parsed = readDebitResult(input.fileBytes);
  const firstAnswers = oneAnswerPerReference(parsed);

  return inTransaction(db, async (tx) => {
    const instructions = await lockInstructions(tx, operatorId, [...firstAnswers.keys()]);
    const sorted = sortResultLines(parsed, firstAnswers, new Map(instructions.map((i) => [i.reference, i])), now);
    for (let start = 0; start < sorted.failures.length; start += INSTRUCTIONS_PER_STATEMENT) {
      await resolveInstructions(
        tx,
        sorted.failures.slice(start, start + INSTRUCTIONS_PER_STATEMENT).map(({ line, instructionId }) => ({ id: instructionId, status: STATUS_OF[line.status], debitedAmount: "0.00", line, repaymentId: null })),
        now,
      );
    }
    await applySuccesses(tx, { operatorId, now, toApply: sorted.toApply, results: sorted.results, notify: input.notify });
    const count = (outcomes: readonly PassbookLineOutcome[]) => sorted.results.filter((r) => outcomes.includes(r.outcome)).length;
    await recordAudit(
      tx,
      {
        operatorId,
        actorUserId: input.actorUserId ?? null,
        action: "passbook.results_imported",
        subject: input.fileName ?? undefined,
        details: { lines: sorted.results.length, applied: count(["applied", "applied_late"]), failed: count(["failed"]) },
      },
      now,
    );
    return { fileName: input.fileName ?? null, lines: sorted.results };
  });
}

/** One answer per reference: an identical repeat is fine, a contradicting one refuses the file. */
function oneAnswerPerReference(parsed: readonly DebitResultLine[]): Map<string, DebitResultLine> {
  const byReference = new Map<string, DebitResultLine>();
  for (const line of parsed) {
    const first = byReference.get(line.reference);
    if (first && (first.status !== line.status || !first.debitedCny.eq(line.debitedCny) || first.settledOn !== line.settledOn)) {
      rejectFile(line.line, "mixed_file", `reference ${line.reference} repeated with another result`);
    }
    if (!first) byReference.set(line.reference, line);
  }
  return byReference;
}

type Instruction = typeof passbookDebitInstructions.$inferSelect;
type ToApply = { line: DebitResultLine; instructionId: string; request: RepaymentRequest };

/** What each line means against our instructions (pure): its outcome, the successes to apply and the failures to record. */
function sortResultLines(
  parsed: readonly DebitResultLine[],
  firstAnswers: ReadonlyMap<string, DebitResultLine>,
  instructionOf: ReadonlyMap<string, Instruction>,
  now: Date,
): { results: PassbookLineResult[]; toApply: ToApply[]; failures: { line: DebitResultLine; instructionId: string }[] } {
  const results: PassbookLineResult[] = [];
  const toApply: ToApply[] = [];
  const failures: { line: DebitResultLine; instructionId: string }[] = [];
  for (const line of parsed) {
    const instruction = instructionOf.get(line.reference);
    if (!instruction) return rejectFile(line.line, "unknown_reference", `${line.reference} is not one of our debit instructions`);
    const base = { line: line.line, reference: line.reference, status: line.status, debited: line.debitedCny.toFixed(2), loanId: instruction.loanId };
    if (firstAnswers.get(line.reference) !== line) {
      results.push({ ...base, outcome: "unchanged", repaymentId: null });
    } else if (line.status === "SUCCESS") {
      if (line.debitedCny.gt(instruction.amount)) rejectFile(line.line, "bad_amount", `debited ${line.debitedCny.toFixed(2)} more than asked ${instruction.amount}`);
      if (instruction.status === "succeeded") {
        if (!new Cny(instruction.debitedAmount ?? "0").eq(line.debitedCny)) rejectFile(line.line, "bad_amount", "conflicts with the earlier SUCCESS for this reference");
        results.push({ ...base, outcome: "unchanged", repaymentId: instruction.repaymentId });
        continue;
      }
      results.push({ ...base, outcome: instruction.status === "sent" ? "applied" : "applied_late", repaymentId: null });
      // Noon of the settlement day, or the import's time when that is earlier (a same-day debit the
      // borrower asked for is imported in the morning: it was not received in the afternoon to come).
      const receivedAt = new Date(Math.min(startOfBeijingDay(line.settledOn).getTime() + 12 * 3_600_000, now.getTime()));
      toApply.push({ line, instructionId: instruction.id, request: { loanId: instruction.loanId, source: "passbook_debit", reference: instruction.reference, amountCny: line.debitedCny, receivedAt } });
    } else if (instruction.status === "sent") {
      results.push({ ...base, outcome: "failed", repaymentId: null });
      failures.push({ line, instructionId: instruction.id });
    } else {
      results.push({ ...base, outcome: instruction.status === "succeeded" ? "ignored" : "unchanged", repaymentId: instruction.repaymentId });
    }
  }
  return { results, toApply, failures };
}

/**
 * The instructions of a result file's references, row-locked in reference order. The references
 * travel as one array parameter (anyOf): a bank file may hold more lines than a statement may have
 * bind parameters (65,535), and a day of 100,000 loans due is such a file.
 */
async function lockInstructions(tx: DbOrTx, operatorId: string, references: readonly string[]): Promise<Instruction[]> {
  if (references.length === 0) return [];
  return tx
    .select()
    .from(passbookDebitInstructions)
    .where(and(eq(passbookDebitInstructions.operatorId, operatorId), anyOf(passbookDebitInstructions.reference, references)))
    .orderBy(passbookDebitInstructions.reference)
    .for("update");
}

type Resolution = { id: string; status: "succeeded" | "insufficient_funds" | "account_closed"; debitedAmount: string; line: DebitResultLine; repaymentId: string | null };

/** Marks instructions with the bank's answer, up to INSTRUCTIONS_PER_STATEMENT in one statement (the rows travel as one JSON parameter). */
async function resolveInstructions(tx: DbOrTx, rows: readonly Resolution[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  assert(rows.length <= INSTRUCTIONS_PER_STATEMENT, `at most ${INSTRUCTIONS_PER_STATEMENT} instructions a statement`);
  const json = JSON.stringify(
    rows.map((r) => ({ id: r.id, status: r.status, debited_amount: r.debitedAmount, settled_on: r.line.settledOn, bank_message: r.line.message || null, repayment_id: r.repaymentId })),
  );
  await tx.execute(sql`
    update passbook_debit_instructions p
       set status = v.status::debit_instruction_status, debited_amount = v.debited_amount, settled_on = v.settled_on,
           bank_message = v.bank_message, repayment_id = coalesce(v.repayment_id, p.repayment_id), resolved_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${json}::jsonb) as v(id uuid, status text, debited_amount numeric, settled_on text, bank_message text, repayment_id uuid)
     where p.id = v.id`);
}

/** Applies the successes through applyRepayments, in batches, and marks their instructions succeeded. */
async function applySuccesses(tx: DbOrTx, input: { operatorId: string; now: Date; toApply: readonly ToApply[]; results: PassbookLineResult[]; notify?: Notify }): Promise<void> {
  const { operatorId, now } = input;
  const resultOfLine = new Map(input.results.map((r) => [r.line, r]));
  for (let start = 0; start < input.toApply.length; start += MAX_REPAYMENTS_PER_BATCH) {
    const chunk = input.toApply.slice(start, start + MAX_REPAYMENTS_PER_BATCH);
    const applied = await applyRepayments(tx, { operatorId, postedBy: DUE_PROCESSING_ACTOR, now, requests: chunk.map((c) => c.request), notify: input.notify });
    const resolved = chunk.map(({ line, instructionId }, index): Resolution => {
      const repaymentId = applied[index]!.repaymentId;
      resultOfLine.get(line.line)!.repaymentId = repaymentId;
      return { id: instructionId, status: "succeeded", debitedAmount: line.debitedCny.toFixed(2), line, repaymentId };
    });
    await resolveInstructions(tx, resolved, now);
  }
}
