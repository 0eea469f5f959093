import { toCsv, type CsvCell } from "../shared/csv";
import type { DisclosureLabels } from "./labels";
import type { PresentedDisclosure } from "./present";

/**
 * The report as CSV (UTF-8 with BOM, CRLF, through services/shared/csv): the figures, one
 * a row (amounts and counts as numbers, shares as text "12.34%"), then the 12-month trend.
 */
export function disclosureCsv(report: PresentedDisclosure, labels: DisclosureLabels): string {
  const rows: CsvCell[][] = [[labels.title], [labels.subtitle], [], [labels.columnFigure, labels.columnValue]];
  for (const row of report.rows) {
    const value: CsvCell = row.value === "" ? labels.notAvailable : row.kind === "percent" ? row.value : { amount: row.value };
    rows.push([`${labels.section(row.section)} / ${labels.figure(row.key)}`, value]);
  }
  rows.push([], [labels.trendTitle]);
  rows.push([labels.trendMonth, labels.trendDisbursed, labels.trendOutstanding, labels.trendOverdue, labels.trendRateByAmount, labels.trendRateByCount]);
  for (const p of report.trend) {
    rows.push([
      p.month,
      { amount: p.monthDisbursed },
      { amount: p.outstandingPrincipal },
      { amount: p.overdue },
      p.overdueRateByAmount || labels.notAvailable,
      p.overdueRateByCount || labels.notAvailable,
    ]);
  }
  rows.push([]);
  for (const note of labels.notes) rows.push([note]);
  return toCsv(rows);
}
