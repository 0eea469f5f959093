import type Decimal from "decimal.js";
import { amountCell, choiceCell, dateCell, maskedPhoneCell, readStatementFile, rejectFile, requiredText } from "../../../statements/read-statement-file";
import type { LineOrigin } from "../../../statements/statement-channel";

export const STORE_CASH_COLUMNS = ["store_code", "business_date", "receipt_no", "kind", "amount_cny", "clerk"] as const;
export const STORE_CASH_KINDS = ["REPAYMENT", "TOP_UP"] as const;
export type StoreCashKind = (typeof STORE_CASH_KINDS)[number];

export type StoreCashStatementLine = LineOrigin & {
  storeCode: string;
  businessDate: string;
  receiptNo: string;
  kind: StoreCashKind;
  amountCny: Decimal;
  clerk: string;
};

/**
 * A store's daily cash report: one store, one business day. A day without cash is a
 * valid report with no lines; lines of another store or day mean a mixed-up hand-over.
 */
export function readStoreCashReport(bytes: Uint8Array | string): StoreCashStatementLine[] {
  const rows = readStatementFile(bytes, { columns: STORE_CASH_COLUMNS, header: "exact", allowNoLines: true });
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
