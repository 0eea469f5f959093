import { toCsv, type CsvCell } from "../shared/csv";
import type { InvestorStatement } from "./get-investor-statement";

/** The statement as CSV (UTF-8 with BOM, opens in Excel), headers and kind labels given by the caller's language. */
export function investorStatementCsv(
  statement: InvestorStatement,
  labels: { headers: [string, string, string, string, string, string]; opening: string; closing: string; kind: (kind: string) => string; time: (d: Date) => string },
): string {
  const rows: CsvCell[][] = [labels.headers];
  rows.push([labels.opening, "", "", "", "", { amount: statement.opening }]);
  for (const line of statement.lines) {
    rows.push([
      labels.time(line.createdAt),
      labels.kind(line.kind),
      line.memo,
      { amount: line.creditCny.toFixed(2) },
      { amount: line.debitCny.toFixed(2) },
      { amount: line.balanceCny.toFixed(2) },
    ]);
  }
  rows.push([labels.closing, "", "", "", "", { amount: statement.closing }]);
  return toCsv(rows);
}
