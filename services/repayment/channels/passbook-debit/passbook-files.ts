import { toCsv } from "../../../shared/csv";
import { amountCell, readStatementFile, requiredText } from "../../../statements/read-statement-file";
import { DEBIT_RESULT_COLUMNS, type DebitResultStatus } from "./debit-result-statement";

/** Our debit batch file (docs/file-formats.md, "Debit batch"); the bank's answer is debit-result-statement.ts. */
export const DEBIT_BATCH_HEADER = ["reference", "bank", "account_no", "account_name", "amount_cny", "due_date", "loan_ref"] as const;

export interface DebitLine {
  reference: string;
  bank: string;
  accountNo: string;
  accountName: string;
  amount: string;
  dueDate: string;
  loanRef: string;
}

/** A line of the bank's result file as we (or the sandbox bank) write it. */
export interface DebitResultDraft {
  reference: string;
  status: DebitResultStatus;
  debited: string;
  settledOn: string;
  message: string;
}

export function debitBatchFileName(operatorSlug: string, date: string, batchNo: number): string {
  return `passbook-debit-${operatorSlug}-${date.replaceAll("-", "")}-${batchNo}.csv`;
}

export function writeDebitBatch(lines: readonly DebitLine[]): string {
  return toCsv([
    [...DEBIT_BATCH_HEADER],
    ...lines.map((l) => [l.reference, l.bank, l.accountNo, l.accountName, { amount: l.amount }, l.dueDate, l.loanRef]),
  ]);
}

/** Our own batch file read back (the sandbox bank reads what we sent), through the one statement reader. */
export function readDebitBatch(csv: Uint8Array | string): DebitLine[] {
  return readStatementFile(csv, { columns: DEBIT_BATCH_HEADER, header: "exact", allowNoLines: true }).map((row) => ({
    reference: requiredText(row, "reference"),
    bank: row.get("bank"),
    accountNo: row.get("account_no"),
    accountName: row.get("account_name"),
    amount: amountCell(row, "amount_cny", "positive").toFixed(2),
    dueDate: row.get("due_date"),
    loanRef: row.get("loan_ref"),
  }));
}

export function writeDebitResult(lines: readonly DebitResultDraft[]): string {
  return toCsv([[...DEBIT_RESULT_COLUMNS], ...lines.map((l) => [l.reference, l.status, { amount: l.debited }, l.settledOn, l.message])]);
}
