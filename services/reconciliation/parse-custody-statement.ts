import { amountCell, choiceCell, dateCell, readStatementFile as readTable, requiredText } from "../statements/read-statement-file";
import { CUSTODY_DIRECTIONS, type CustodyStatementLine } from "./types";

export const CUSTODY_STATEMENT_COLUMNS = ["value_date", "reference", "direction", "amount_cny", "counterparty", "memo"] as const;

/** The custody bank's daily statement (docs/file-formats.md). A day without movements is a valid, empty statement. */
export function parseCustodyStatement(bytes: Uint8Array): CustodyStatementLine[] {
  const rows = readTable(bytes, { columns: CUSTODY_STATEMENT_COLUMNS, header: "exact", allowNoLines: true });
  return rows.map((row) => ({
    line: row.line,
    raw: row.raw,
    valueDate: dateCell(row, "value_date"),
    reference: requiredText(row, "reference"),
    direction: choiceCell(row, "direction", CUSTODY_DIRECTIONS, "bad_direction"),
    amountCny: amountCell(row, "amount_cny", "positive"),
    counterparty: row.get("counterparty").trim(),
    memo: row.get("memo").trim(),
  }));
}
