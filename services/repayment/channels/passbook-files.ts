import { toCsv } from "../../shared/csv";
import { isCalendarDate } from "../../shared/calendar";
import { isAmountText, readCsv, rejected } from "./read-csv";

export const DEBIT_BATCH_HEADER = ["reference", "bank", "account_no", "account_name", "amount_cny", "due_date", "loan_ref"] as const;
export const DEBIT_RESULT_HEADER = ["reference", "status", "debited_cny", "settled_on", "message"] as const;
export const DEBIT_RESULT_STATUSES = ["SUCCESS", "INSUFFICIENT_FUNDS", "ACCOUNT_CLOSED"] as const;
export type DebitResultStatus = (typeof DEBIT_RESULT_STATUSES)[number];

export interface DebitLine {
  reference: string;
  bank: string;
  accountNo: string;
  accountName: string;
  amount: string;
  dueDate: string;
  loanRef: string;
}

export interface DebitResultLine {
  line: number;
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

export function readDebitBatch(csv: Uint8Array | string): DebitLine[] {
  return readCsv(csv, DEBIT_BATCH_HEADER).map(({ line, cells }) => {
    const [reference, bank, accountNo, accountName, amount, dueDate, loanRef] = cells as [string, string, string, string, string, string, string];
    if (!isAmountText(amount)) throw rejected(line, "bad amount");
    return { reference, bank, accountNo, accountName, amount, dueDate, loanRef };
  });
}

export function writeDebitResult(lines: readonly Omit<DebitResultLine, "line">[]): string {
  return toCsv([[...DEBIT_RESULT_HEADER], ...lines.map((l) => [l.reference, l.status, { amount: l.debited }, l.settledOn, l.message])]);
}

/**
 * The bank's result file, read strictly: header, five columns, a known status, an amount
 * with at most two decimals (`0.00` unless SUCCESS, positive for SUCCESS), a calendar
 * date. Checks against our instructions happen in importPassbookResults.
 */
export function readDebitResult(fileBytes: Uint8Array | string): DebitResultLine[] {
  return readCsv(fileBytes, DEBIT_RESULT_HEADER).map(({ line, cells }) => {
    const [reference, status, debited, settledOn, message] = cells as [string, string, string, string, string];
    if (!/^[A-Za-z0-9]{1,64}$/.test(reference)) throw rejected(line, "bad reference");
    if (!(DEBIT_RESULT_STATUSES as readonly string[]).includes(status)) throw rejected(line, `bad status ${status}`);
    if (!isAmountText(debited)) throw rejected(line, "bad amount");
    const positive = !/^0+(\.0+)?$/.test(debited);
    if (status === "SUCCESS" && !positive) throw rejected(line, "bad amount: SUCCESS with nothing debited");
    if (status !== "SUCCESS" && positive) throw rejected(line, `bad amount: ${status} must debit 0.00`);
    if (!isCalendarDate(settledOn)) throw rejected(line, "bad settled_on date");
    return { line, reference, status: status as DebitResultStatus, debited, settledOn, message };
  });
}
