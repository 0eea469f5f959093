import Decimal from "decimal.js";
import { and, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { loanApplications, passbookDebitBatches, passbookDebitInstructions } from "../../../../db/schema";
import { decryptField } from "../../../shared/crypto/field-encryption";
import { inTransaction } from "../../../ledger/db-helpers";
import { Cny } from "../../../ledger/money";
import { isCalendarDate } from "../../../shared/calendar";
import { getRepaymentSettings } from "../../settings";
import { loadDueOnDate, loansOnChannel, operatorRefs } from "../channel-loans";
import { debitBatchFileName, writeDebitBatch, type DebitLine } from "./passbook-files";

/** The purpose label the borrower journey seals passbook account numbers with. */
const ACCOUNT_PURPOSE = "bank_account";

export type PassbookDebitBatch = typeof passbookDebitBatches.$inferSelect;

/**
 * Raises the day's passbook debit batch (one per operator and date; batch number 1): one
 * instruction per disbursed loan whose current repayment channel is passbook_debit, that
 * has an installment falling due on `date` or overdue by one of the configured retry days,
 * and no instruction still waiting for the bank's answer. The amount is everything owed on
 * installments due by `date`. References `PD<YYYYMMDD><prefix><seq>`. Rerunning a date
 * returns the batch already raised and raises nothing new. Loans without a sealed
 * passbook account number are skipped (nothing to debit).
 */
export async function raisePassbookDebits(
  db: DbOrTx,
  input: { operatorId: string; date: string; secretKey: Uint8Array; now?: Date },
): Promise<{ batch: PassbookDebitBatch | null; created: boolean }> {
  const { operatorId, date } = input;
  if (!isCalendarDate(date)) throw new Error(`not a date: ${date}`);
  const now = input.now ?? new Date();
  const existing = await findBatch(db, operatorId, date);
  if (existing) return { batch: existing, created: false };

  const lines = await debitLinesFor(db, { operatorId, date, secretKey: input.secretKey });
  if (lines.length === 0) return { batch: null, created: false };
  const { slug } = await operatorRefs(db, operatorId);

  return inTransaction(db, async (tx) => {
    const fileName = debitBatchFileName(slug, date, 1);
    const total = lines.reduce((t, l) => t.plus(l.amount), new Cny(0) as Decimal);
    const [batch] = await tx
      .insert(passbookDebitBatches)
      .values({ operatorId, batchDate: date, batchNo: 1, fileName, fileCsv: writeDebitBatch(lines), instructionCount: lines.length, totalAmount: total.toFixed(2), createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!batch) return { batch: (await findBatch(tx, operatorId, date))!, created: false };
    const attempts = await tx
      .select({ loanId: passbookDebitInstructions.loanId, n: passbookDebitInstructions.installmentN, count: count() })
      .from(passbookDebitInstructions)
      .where(and(eq(passbookDebitInstructions.operatorId, operatorId), inArray(passbookDebitInstructions.loanId, lines.map((l) => l.loanId))))
      .groupBy(passbookDebitInstructions.loanId, passbookDebitInstructions.installmentN);
    const attemptOf = (l: { loanId: string; installmentN: number }) => Number(attempts.find((a) => a.loanId === l.loanId && a.n === l.installmentN)?.count ?? 0) + 1;
    await tx.insert(passbookDebitInstructions).values(
      lines.map((l) => ({ operatorId, batchId: batch.id, reference: l.reference, loanId: l.loanId, installmentN: l.installmentN, amount: l.amount, attempt: attemptOf(l), createdAt: now })),
    );
    return { batch, created: true };
  });
}

type BatchLine = DebitLine & { loanId: string; installmentN: number };

/** One line per passbook loan owing on `date` (or on a retry day) with no debit still out at the bank. */
async function debitLinesFor(db: DbOrTx, input: { operatorId: string; date: string; secretKey: Uint8Array }): Promise<BatchLine[]> {
  const { operatorId, date } = input;
  const settings = await getRepaymentSettings(db, operatorId);
  const candidates = await loansOnChannel(db, operatorId, "passbook_debit");
  if (candidates.length === 0) return [];
  const loanIds = candidates.map((c) => c.loanId);
  const inFlight = new Set(
    (
      await db
        .select({ loanId: passbookDebitInstructions.loanId })
        .from(passbookDebitInstructions)
        .where(and(eq(passbookDebitInstructions.operatorId, operatorId), eq(passbookDebitInstructions.status, "sent"), inArray(passbookDebitInstructions.loanId, loanIds)))
    ).map((r) => r.loanId),
  );
  const apps = await db
    .select({ loanId: loanApplications.loanId, bank: loanApplications.passbookBank, accountEnc: loanApplications.passbookAccountEnc, name: loanApplications.fullName })
    .from(loanApplications)
    .where(and(eq(loanApplications.operatorId, operatorId), inArray(loanApplications.loanId, loanIds)));
  const appByLoan = new Map(apps.map((a) => [a.loanId!, a]));
  const { prefix } = await operatorRefs(db, operatorId);
  const ymd = date.replaceAll("-", "");
  const lines: BatchLine[] = [];
  for (const { loanId } of candidates) {
    if (inFlight.has(loanId)) continue;
    const app = appByLoan.get(loanId);
    if (!app?.accountEnc) continue;
    const due = await loadDueOnDate(db, loanId, date, settings.passbookRetryDaysAfterDue);
    if (!due) continue;
    lines.push({
      reference: `PD${ymd}${prefix}${String(lines.length + 1).padStart(6, "0")}`,
      bank: app.bank ?? "",
      accountNo: decryptField(input.secretKey, ACCOUNT_PURPOSE, app.accountEnc),
      accountName: app.name ?? "",
      amount: due.amount,
      dueDate: due.dueDate,
      loanRef: loanId,
      loanId,
      installmentN: due.installmentN,
    });
  }
  return lines;
}

async function findBatch(db: DbOrTx, operatorId: string, date: string): Promise<PassbookDebitBatch | undefined> {
  const [row] = await db
    .select()
    .from(passbookDebitBatches)
    .where(and(eq(passbookDebitBatches.operatorId, operatorId), eq(passbookDebitBatches.batchDate, date), eq(passbookDebitBatches.batchNo, 1)));
  return row;
}
