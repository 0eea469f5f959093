import { and, desc, eq, max, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { loanApplications, passbookDebitBatches, passbookDebitInstructions } from "../../../../db/schema";
import { recordAudit } from "../../../audit";
import { inTransaction } from "../../../ledger/db-helpers";
import { decryptField } from "../../../shared/crypto/field-encryption";
import { DomainError } from "../../../shared/errors";
import { runIdempotent } from "../../../shared/idempotency";
import { operatorRefs } from "../channel-loans";
import { lockLoan, type DueNow, type RepayNowInput, type RepayNowStatus } from "../repay-now";
import { debitBatchFileName, writeDebitBatch } from "./passbook-files";

/** The purpose label the borrower journey seals passbook account numbers with (as raisePassbookDebits). */
const ACCOUNT_PURPOSE = "bank_account";
/** Batch 1 of a day is due processing's; the borrowers' own debits are batches 2, 3, … */
const FIRST_EXTRA_BATCH = 2;

type Instruction = typeof passbookDebitInstructions.$inferSelect;

/** A borrower-initiated debit's reference: `PD<YYYYMMDD><prefix>N<batch no, 5 digits>` (one line per extra batch; never a due-date one's). */
export function passbookNowReference(input: { date: string; prefix: string; batchNo: number }): string {
  return `PD${input.date.replaceAll("-", "")}${input.prefix}N${String(input.batchNo).padStart(5, "0")}`;
}

/**
 * 主动还款 through the passbook: one debit instruction for the current installment in an
 * extra batch of the day (number 2, 3, …; batch 1 stays due processing's), sent to the bank
 * with every waiting batch at the next file exchange (exchangePassbookFiles). The loan is
 * repaid only by the bank's result file (importPassbookResults), like any debit. Under the
 * loan's row lock: refused while any collection of the loan is still out (`refuseInFlight`,
 * the due-date debit included). The form key replays: the same loan answers with the first
 * instruction, another loan under the same key is `idempotency.conflict`.
 */
export async function requestPassbookDebitNow(
  db: DbOrTx,
  input: RepayNowInput & { due: DueNow; refuseInFlight: (tx: DbOrTx) => Promise<void> },
): Promise<RepayNowStatus> {
  const { operatorId, loanId } = input;
  const now = input.now ?? new Date();
  const secretKey = input.deps.channels?.secretKey;
  if (!secretKey) throw new Error("passbook debits need the server secret (ChannelDeps.secretKey)");
  const find = async (handle: DbOrTx) => {
    const [row] = await handle
      .select()
      .from(passbookDebitInstructions)
      .where(and(eq(passbookDebitInstructions.operatorId, operatorId), eq(passbookDebitInstructions.borrowerKey, input.idempotencyKey)));
    return row;
  };
  const { result } = await runIdempotent<Instruction, RepayNowStatus>({
    find: () => find(db),
    contentOf: (stored) => ({ loanId: stored.loanId, source: "passbook_debit" }),
    content: { loanId, source: "passbook_debit" },
    resultOf: (stored) => passbookNowStatus(stored),
    create: (replay) =>
      inTransaction(db, async (tx) => {
        // The loan's lock first, then the twin: a concurrent twin that committed while we waited is seen here.
        await lockLoan(tx, loanId);
        const twin = await find(tx);
        if (twin) return replay(twin);
        await input.refuseInFlight(tx);
        const instruction = await raiseExtraBatch(tx, { ...input, secretKey, now });
        await recordAudit(tx, { operatorId, actorUserId: input.borrowerUserId, action: "repayment.repay_now", subject: loanId, details: { source: "passbook_debit", reference: instruction.reference, amount: instruction.amount } }, now);
        return { result: passbookNowStatus(instruction), replayed: false };
      }),
    keyConstraints: ["passbook_debit_instructions_borrower_key_key"],
    conflict: { field: "repayNow" },
  });
  return result;
}

/** The day's next batch number (≥ 2) under a per-operator-and-day lock, its file of one line, and the instruction. */
async function raiseExtraBatch(tx: DbOrTx, input: RepayNowInput & { due: DueNow; secretKey: Uint8Array; now: Date }): Promise<Instruction> {
  const { operatorId, loanId, due } = input;
  const [app] = await tx
    .select({ bank: loanApplications.passbookBank, accountEnc: loanApplications.passbookAccountEnc, name: loanApplications.fullName })
    .from(loanApplications)
    .where(and(eq(loanApplications.operatorId, operatorId), eq(loanApplications.loanId, loanId)));
  if (!app?.accountEnc) throw new DomainError("repayment.no_passbook", { field: "repayNow" });
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`passbook-batch:${operatorId}:${due.date}`}))`);
  const [last] = await tx
    .select({ no: max(passbookDebitBatches.batchNo) })
    .from(passbookDebitBatches)
    .where(and(eq(passbookDebitBatches.operatorId, operatorId), eq(passbookDebitBatches.batchDate, due.date)));
  const batchNo = Math.max(FIRST_EXTRA_BATCH, (last?.no ?? 0) + 1);
  const { slug, prefix } = await operatorRefs(tx, operatorId);
  const reference = passbookNowReference({ date: due.date, prefix, batchNo });
  const line = {
    reference,
    bank: app.bank ?? "",
    accountNo: decryptField(input.secretKey, ACCOUNT_PURPOSE, app.accountEnc),
    accountName: app.name ?? "",
    amount: due.amount,
    dueDate: due.date,
    loanRef: loanId,
  };
  const [batch] = await tx
    .insert(passbookDebitBatches)
    .values({ operatorId, batchDate: due.date, batchNo, fileName: debitBatchFileName(slug, due.date, batchNo), fileCsv: writeDebitBatch([line]), instructionCount: 1, totalAmount: due.amount, createdAt: input.now })
    .returning();
  const [attempts] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(passbookDebitInstructions)
    .where(and(eq(passbookDebitInstructions.loanId, loanId), eq(passbookDebitInstructions.installmentN, due.installmentN)));
  const [instruction] = await tx
    .insert(passbookDebitInstructions)
    .values({
      operatorId,
      batchId: batch!.id,
      reference,
      loanId,
      installmentN: due.installmentN,
      amount: due.amount,
      attempt: Number(attempts?.n ?? 0) + 1,
      requestedBy: input.borrowerUserId,
      borrowerKey: input.idempotencyKey,
      createdAt: input.now,
    })
    .returning();
  return instruction!;
}

const STATE_OF: Record<Instruction["status"], RepayNowStatus["state"]> = { sent: "in_progress", succeeded: "paid", insufficient_funds: "failed", account_closed: "failed" };

export function passbookNowStatus(row: Instruction): RepayNowStatus {
  return {
    reference: row.reference,
    source: "passbook_debit",
    byBorrower: row.requestedBy !== null,
    amount: row.amount,
    collected: row.status === "sent" ? null : (row.debitedAmount ?? "0.00"),
    state: STATE_OF[row.status],
    reason: row.status === "sent" || row.status === "succeeded" ? null : row.status,
    requestedAt: row.createdAt,
  };
}

/** Whether a debit of the loan is still out at the bank (due-date or borrower's). */
export async function passbookDebitInFlight(db: DbOrTx, input: { operatorId: string; loanId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: passbookDebitInstructions.id })
    .from(passbookDebitInstructions)
    .where(and(eq(passbookDebitInstructions.operatorId, input.operatorId), eq(passbookDebitInstructions.loanId, input.loanId), eq(passbookDebitInstructions.status, "sent")))
    .limit(1);
  return row !== undefined;
}

/** The loan's debits, newest first. */
export async function listPassbookDebitsOfLoan(db: DbOrTx, input: { operatorId: string; loanId: string; limit: number }): Promise<RepayNowStatus[]> {
  const rows = await db
    .select()
    .from(passbookDebitInstructions)
    .where(and(eq(passbookDebitInstructions.operatorId, input.operatorId), eq(passbookDebitInstructions.loanId, input.loanId)))
    .orderBy(desc(passbookDebitInstructions.createdAt))
    .limit(input.limit);
  return rows.map(passbookNowStatus);
}
