import Decimal from "decimal.js";
import { and, count, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { loanApplications, passbookDebitBatches, passbookDebitInstructions } from "../../../../db/schema";
import { decryptField } from "../../../shared/crypto/field-encryption";
import { anyOf, inTransaction } from "../../../ledger/db-helpers";
import { Cny } from "../../../ledger/money";
import { isCalendarDate } from "../../../shared/calendar";
import { insertJsonRows } from "../../../shared/insert-json-rows";
import { getRepaymentSettings } from "../../settings";
import { loadDuesOnDate, loansOnChannel, operatorRefs } from "../channel-loans";
import { debitBatchFileName, writeDebitBatch, type DebitLine } from "./passbook-files";

/** The purpose label the borrower journey seals passbook account numbers with. */
const ACCOUNT_PURPOSE = "bank_account";
/** Instructions inserted per statement (one JSON parameter each): a day's batch may hold one per passbook loan. */
const INSTRUCTIONS_PER_INSERT = 1000;

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
      .where(and(eq(passbookDebitInstructions.operatorId, operatorId), anyOf(passbookDebitInstructions.loanId, lines.map((l) => l.loanId))))
      .groupBy(passbookDebitInstructions.loanId, passbookDebitInstructions.installmentN);
    const earlierAttempts = new Map(attempts.map((a) => [`${a.loanId}|${a.n}`, Number(a.count)]));
    const rows = lines.map((l) => ({
      operatorId,
      batchId: batch.id,
      reference: l.reference,
      loanId: l.loanId,
      installmentN: l.installmentN,
      amount: l.amount,
      attempt: (earlierAttempts.get(`${l.loanId}|${l.installmentN}`) ?? 0) + 1,
      createdAt: now,
    }));
    for (let start = 0; start < rows.length; start += INSTRUCTIONS_PER_INSERT) await insertJsonRows(tx, passbookDebitInstructions, rows.slice(start, start + INSTRUCTIONS_PER_INSERT));
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
        .where(and(eq(passbookDebitInstructions.operatorId, operatorId), eq(passbookDebitInstructions.status, "sent"), anyOf(passbookDebitInstructions.loanId, loanIds)))
    ).map((r) => r.loanId),
  );
  const apps = await db
    .select({ loanId: loanApplications.loanId, bank: loanApplications.passbookBank, accountEnc: loanApplications.passbookAccountEnc, name: loanApplications.fullName })
    .from(loanApplications)
    .where(and(eq(loanApplications.operatorId, operatorId), anyOf(loanApplications.loanId, loanIds)));
  const dues = await loadDuesOnDate(db, loanIds.filter((id) => !inFlight.has(id)), date, settings.passbookRetryDaysAfterDue);
  const appByLoan = new Map(apps.map((a) => [a.loanId!, a]));
  const { prefix } = await operatorRefs(db, operatorId);
  const ymd = date.replaceAll("-", "");
  const lines: BatchLine[] = [];
  for (const { loanId } of candidates) {
    if (inFlight.has(loanId)) continue;
    const app = appByLoan.get(loanId);
    if (!app?.accountEnc) continue;
    const due = dues.get(loanId);
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
