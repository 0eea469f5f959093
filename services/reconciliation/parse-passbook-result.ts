import { amountCell, choiceCell, dateCell, readTable, rejectFile, requiredText } from "./read-table";
import { PASSBOOK_STATUSES, type PassbookResultLine } from "./types";

export const PASSBOOK_RESULT_COLUMNS = ["reference", "status", "debited_cny", "settled_on", "message"] as const;

/**
 * The bank's answer to a passbook debit batch. A batch always has instructions, so a result
 * with none is refused; a failed debit moved nothing, so its amount must be 0.00.
 */
export function parsePassbookResult(bytes: Uint8Array): PassbookResultLine[] {
  const rows = readTable(bytes, { columns: PASSBOOK_RESULT_COLUMNS, header: "exact", allowNoLines: false });
  return rows.map((row) => {
    const status = choiceCell(row, "status", PASSBOOK_STATUSES, "bad_status");
    const debitedCny = amountCell(row, "debited_cny", "non_negative");
    if (status === "SUCCESS" && debitedCny.isZero()) rejectFile(row.line, "bad_amount", "a SUCCESS line debited 0.00");
    if (status !== "SUCCESS" && !debitedCny.isZero()) rejectFile(row.line, "bad_amount", `a ${status} line must debit 0.00`);
    return {
      line: row.line,
      raw: row.raw,
      reference: requiredText(row, "reference"),
      status,
      debitedCny,
      settledOn: dateCell(row, "settled_on"),
      message: row.get("message").trim(),
    };
  });
}
