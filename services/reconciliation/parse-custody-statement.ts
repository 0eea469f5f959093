import { amountCell, choiceCell, dateCell, readStatementFile as readTable, requiredText } from "../statements/read-statement-file";
import { CUSTODY_DIRECTIONS, type CustodyStatementLine } from "./types";

export const CUSTODY_STATEMENT_COLUMNS = ["value_date", "reference", "direction", "amount_cny", "counterparty", "memo", "balance_cny"] as const;

/**
 * The custody bank's daily statement (docs/file-formats.md). A day without movements is a
 * valid, empty statement. `balance_cny` is the account's balance after the line, as the
 * bank prints it (余额): the day's last line is the bank's closing balance.
 */
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
    balanceCny: amountCell(row, "balance_cny", "any"),
  }));
}
