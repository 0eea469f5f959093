import { and, asc, eq, sql } from "drizzle-orm";
import type { Notify } from "../../../notifications";
import type { DbOrTx } from "../../../../db/client";
import { phonebillDeductions } from "../../../../db/schema";
import { anyOf, inTransaction } from "../../../ledger/db-helpers";
import { Cny } from "../../../ledger/money";
import { DomainError, assert } from "../../../shared/errors";
import { applyRepayments, MAX_REPAYMENTS_PER_BATCH, type RepaymentRequest } from "../../apply-repayments";
import { DUE_PROCESSING_ACTOR } from "../../run-due-processing";
import type { BillingAnswer } from "./operator-billing-adapter";

export type PhonebillAnswerOutcome =
  /** Confirmed: what was deducted is applied to the loan. */
  | "applied"
  /** Confirmed after we had recorded a refusal: the money was taken, so it is applied. */
  | "applied_late"
  | "refused"
  /** Delivered before with the same content: nothing changes. */
  | "unchanged"
  /** A refusal after a confirmation, or a confirmation of another amount: the first confirmation stands. */
  | "ignored"
  /** No request of ours has this id. */
  | "unknown";

export interface PhonebillAnswerResult {
  requestId: string;
  outcome: PhonebillAnswerOutcome;
  repaymentId: string | null;
}

/**
 * Answers applied per transaction: one applyRepayments batch (at most MAX_REPAYMENTS_PER_BATCH),
 * so a day's answers for every phone-bill loan of an operator (tens of thousands) take a few
 * hundred transactions, not one each. A literal, not that constant: this module is loaded while
 * apply-repayments.ts is still loading (it reads the channel registry), when its constants are
 * not set yet; applyPhonebillAnswers checks the two agree.
 */
export const PHONEBILL_ANSWERS_PER_TRANSACTION = 500;

type Deduction = typeof phonebillDeductions.$inferSelect;

/**
 * Applies the operator billing's answers, in order, PHONEBILL_ANSWERS_PER_TRANSACTION to a
 * transaction. A confirmation (in full or for less than asked) is applied through
 * applyRepayments (source phone_bill, reference = the request id, amount = what was
 * deducted) and the request row marked confirmed with the amount; a refusal marks the row
 * with the reason. An answer delivered again changes nothing. Defined for out-of-order
 * answers, also within one delivery: a confirmation arriving after a refusal is applied (the
 * operator took the money: the later confirmation is the truth); a refusal after a
 * confirmation, or a second confirmation with another amount, is ignored (the first
 * confirmation's money is already owed to us and applied). A confirmation of 0.00 counts as
 * a refusal. An amount that is not one, or more than was asked, refuses the delivery before
 * anything of its transaction is written.
 */
export async function applyPhonebillAnswers(
  db: DbOrTx,
  input: { operatorId: string; answers: readonly BillingAnswer[]; now?: Date; notify?: Notify },
): Promise<PhonebillAnswerResult[]> {
  assert(PHONEBILL_ANSWERS_PER_TRANSACTION <= MAX_REPAYMENTS_PER_BATCH, "a transaction's answers fit one applyRepayments batch");
  const now = input.now ?? new Date();
  const answers = input.answers.map(parseAnswer);
  const results: PhonebillAnswerResult[] = [];
  for (let start = 0; start < answers.length; start += PHONEBILL_ANSWERS_PER_TRANSACTION) {
    const chunk = answers.slice(start, start + PHONEBILL_ANSWERS_PER_TRANSACTION);
    results.push(...(await inTransaction(db, (tx) => applyChunk(tx, { operatorId: input.operatorId, answers: chunk, now, notify: input.notify }))));
  }
  assert(results.length === answers.length, "one result per answer");
  return results;
}

interface ParsedAnswer {
  answer: BillingAnswer;
  deducted: Cny;
  /** Confirmed with money taken (a confirmation of 0.00 is a refusal). */
  confirmed: boolean;
}

function parseAnswer(answer: BillingAnswer): ParsedAnswer {
  const invalid = () => new DomainError("repayment.invalid_amount", { field: "deductedAmount", details: { requestId: answer.requestId } });
  let deducted: Cny;
  try {
    deducted = new Cny(answer.deductedAmount);
  } catch {
    throw invalid();
  }
  if (!deducted.isFinite() || deducted.isNegative() || deducted.decimalPlaces() > 2) throw invalid();
  return { answer, deducted, confirmed: answer.status === "confirmed" && deducted.gt(0) };
}

/** One transaction: lock the chunk's requests, decide every answer in order, apply the confirmations as one batch, write the rows. */
async function applyChunk(tx: DbOrTx, input: { operatorId: string; answers: readonly ParsedAnswer[]; now: Date; notify?: Notify }): Promise<PhonebillAnswerResult[]> {
  const { operatorId, now } = input;
  const requestIds = [...new Set(input.answers.map((a) => a.answer.requestId))];
  // Locked in request-id order, so two deliveries that share requests queue instead of deadlocking.
  const locked = await tx
    .select()
    .from(phonebillDeductions)
    .where(and(eq(phonebillDeductions.operatorId, operatorId), anyOf(phonebillDeductions.requestId, requestIds)))
    .orderBy(asc(phonebillDeductions.requestId))
    .for("update");
  const rows = new Map(locked.map((row) => [row.requestId, { ...row }]));
  const changed = new Set<Deduction>();
  const decided = input.answers.map((parsed) => decide(rows.get(parsed.answer.requestId), parsed, { now, changed }));

  const toApply = decided.filter((d): d is Decision & { apply: RepaymentRequest } => d.apply !== null);
  const applied = toApply.length === 0 ? [] : await applyRepayments(tx, { operatorId, postedBy: DUE_PROCESSING_ACTOR, now, requests: toApply.map((d) => d.apply), notify: input.notify });
  const repaymentOf = new Map(toApply.map((d, index) => [d.apply.reference, applied[index]!.repaymentId]));
  for (const row of changed) if (row.status === "confirmed") row.repaymentId = repaymentOf.get(row.requestId)!;
  await writeAnswers(tx, [...changed]);
  return decided.map((d) => ({ requestId: d.requestId, outcome: d.outcome, repaymentId: d.confirmedByThisCall ? repaymentOf.get(d.requestId)! : d.repaymentId }));
}

interface Decision {
  requestId: string;
  outcome: PhonebillAnswerOutcome;
  /** The repayment to book for a confirmation applied now. */
  apply: RepaymentRequest | null;
  /** The answer's repayment is the one this call books for its request (filled after applyRepayments). */
  confirmedByThisCall: boolean;
  repaymentId: string | null;
}

/**
 * One answer against the request as it stands after the answers before it: moves the row in
 * memory and adds it to `changed` when it moves.
 */
function decide(row: Deduction | undefined, parsed: ParsedAnswer, at: { now: Date; changed: Set<Deduction> }): Decision {
  const { answer, deducted, confirmed } = parsed;
  const { now } = at;
  const none = { apply: null, confirmedByThisCall: false, repaymentId: null };
  if (!row) return { requestId: answer.requestId, outcome: "unknown", ...none };
  // Confirmed by an earlier answer of this transaction: its repayment is booked below, with the others.
  const byThisCall = row.status === "confirmed" && at.changed.has(row);
  if (row.status === "confirmed") {
    const same = confirmed && deducted.eq(row.deductedAmount ?? "0");
    return { requestId: row.requestId, outcome: same ? "unchanged" : "ignored", apply: null, confirmedByThisCall: byThisCall, repaymentId: row.repaymentId };
  }
  if (!confirmed) {
    if (row.status === "refused") return { requestId: row.requestId, outcome: "unchanged", ...none };
    Object.assign(row, { status: "refused", deductedAmount: "0.00", refusalReason: answer.reason ?? (answer.status === "confirmed" ? "nothing deducted" : "refused"), answeredAt: now });
    at.changed.add(row);
    return { requestId: row.requestId, outcome: "refused", ...none };
  }
  if (deducted.gt(row.requestedAmount)) throw new DomainError("repayment.invalid_amount", { field: "deductedAmount", details: { requestId: row.requestId } });
  const outcome = row.status === "refused" ? "applied_late" : "applied";
  Object.assign(row, { status: "confirmed", deductedAmount: deducted.toFixed(2), repaymentId: null, answeredAt: now });
  at.changed.add(row);
  const apply: RepaymentRequest = { loanId: row.loanId, source: "phone_bill", reference: row.requestId, amountCny: deducted, receivedAt: now };
  return { requestId: row.requestId, outcome, apply, confirmedByThisCall: true, repaymentId: null };
}

/** The requests this chunk answered, as they ended up, in one statement. */
async function writeAnswers(tx: DbOrTx, rows: readonly Deduction[]): Promise<void> {
  if (rows.length === 0) return;
  for (const row of rows) assert(row.status !== "confirmed" || row.repaymentId !== null, `confirmed request ${row.requestId} has no repayment`);
  const json = JSON.stringify(
    rows.map((r) => ({ id: r.id, status: r.status, deducted_amount: r.deductedAmount, refusal_reason: r.refusalReason, repayment_id: r.repaymentId, answered_at: r.answeredAt!.toISOString() })),
  );
  await tx.execute(sql`
    update phonebill_deductions d
       set status = v.status::phonebill_deduction_status, deducted_amount = v.deducted_amount, refusal_reason = v.refusal_reason,
           repayment_id = v.repayment_id, answered_at = v.answered_at
      from jsonb_to_recordset(${json}::jsonb) as v(id uuid, status text, deducted_amount numeric, refusal_reason text, repayment_id uuid, answered_at timestamptz)
     where d.id = v.id`);
}
