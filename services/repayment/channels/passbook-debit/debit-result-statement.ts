import type Decimal from "decimal.js";
import { amountCell, choiceCell, dateCell, readStatementFile, referenceCell, rejectFile } from "../../../statements/read-statement-file";
import type { LineOrigin } from "../../../statements/statement-channel";

export const DEBIT_RESULT_COLUMNS = ["reference", "status", "debited_cny", "settled_on", "message"] as const;
export const DEBIT_RESULT_STATUSES = ["SUCCESS", "INSUFFICIENT_FUNDS", "ACCOUNT_CLOSED"] as const;
export type DebitResultStatus = (typeof DEBIT_RESULT_STATUSES)[number];

/**
 * A reference as applyRepayments accepts it (ours look like `PD20260215U000001`); whether
 * it is one of our instructions is importPassbookResults' check, reconciliation reports
 * unknown ones as breaks.
 */
const DEBIT_REFERENCE = /^[A-Za-z0-9_.:-]{1,100}$/;

export type DebitResultLine = LineOrigin & {
  reference: string;
  status: DebitResultStatus;
  debitedCny: Decimal;
  settledOn: string;
  message: string;
};

/**
 * The bank's answer to a passbook debit batch: the one reader, used by the channel's own
 * import (importPassbookResults) and by reconciliation. A batch always has instructions,
 * so a result with none is refused; a failed debit moved nothing, so its amount must be
 * 0.00, and a SUCCESS must have debited something. Checks against our instructions
 * (unknown reference, more than asked) happen in importPassbookResults.
 */
export function readDebitResult(bytes: Uint8Array | string): DebitResultLine[] {
  const rows = readStatementFile(bytes, { columns: DEBIT_RESULT_COLUMNS, header: "exact", allowNoLines: false });
  return rows.map((row) => {
    const reference = referenceCell(row, "reference", DEBIT_REFERENCE);
    const status = choiceCell(row, "status", DEBIT_RESULT_STATUSES, "bad_status");
    const debitedCny = amountCell(row, "debited_cny", "non_negative");
    if (status === "SUCCESS" && debitedCny.isZero()) rejectFile(row.line, "bad_amount", "a SUCCESS line debited 0.00");
    if (status !== "SUCCESS" && !debitedCny.isZero()) rejectFile(row.line, "bad_amount", `a ${status} line must debit 0.00`);
    return { line: row.line, raw: row.raw, reference, status, debitedCny, settledOn: dateCell(row, "settled_on"), message: row.get("message").trim() };
  });
}
