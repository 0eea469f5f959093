import { amountCell, choiceCell, dateCell, maskedPhoneCell, readTable, rejectFile, requiredText } from "./read-table";
import { STORE_CASH_KINDS, type StoreCashLine } from "./types";

export const STORE_CASH_COLUMNS = ["store_code", "business_date", "receipt_no", "kind", "amount_cny", "clerk"] as const;

/**
 * A store's daily cash report: one store, one business day. A day without cash is a
 * valid report with no lines; lines of another store or day mean a mixed-up hand-over.
 */
export function parseStoreCash(bytes: Uint8Array): StoreCashLine[] {
  const rows = readTable(bytes, { columns: STORE_CASH_COLUMNS, header: "exact", allowNoLines: true });
  const lines = rows.map((row) => ({
    line: row.line,
    raw: row.raw,
    storeCode: requiredText(row, "store_code"),
    businessDate: dateCell(row, "business_date"),
    receiptNo: requiredText(row, "receipt_no"),
    kind: choiceCell(row, "kind", STORE_CASH_KINDS, "bad_kind"),
    amountCny: amountCell(row, "amount_cny", "positive"),
    clerk: maskedPhoneCell(row, "clerk"),
  }));
  const first = lines[0];
  const other = first && lines.find((line) => line.storeCode !== first.storeCode || line.businessDate !== first.businessDate);
  if (other) rejectFile(other.line, "mixed_file", "lines of more than one store or business day");
  return lines;
}
