import { toCsv, type CsvCell } from "../shared/csv";
import { renderPdf } from "../shared/pdf";
import type { AnnualStatement } from "./get-annual-statement";

/** The rows of the annual statement, in reading order: the opening, money in, money out, the closing, then what is still owed. */
export const ANNUAL_STATEMENT_ROWS = [
  "opening",
  "topUps",
  "principalReceived",
  "interestReceived",
  "claimsSold",
  "otherIn",
  "withdrawals",
  "invested",
  "topUpRefunds",
  "claimsBought",
  "fees",
  "otherOut",
  "closing",
  "outstandingAtYearEnd",
] as const satisfies readonly (keyof AnnualStatement)[];

export type AnnualStatementRow = (typeof ANNUAL_STATEMENT_ROWS)[number];

/** The words of the files, in the reader's language (the caller's catalogue), and its one money format. */
export interface AnnualStatementLabels {
  title: string;
  heading: [string, string];
  rows: Record<AnnualStatementRow, string>;
  note: string;
  money: (amount: string) => string;
}

/** The annual statement as CSV (UTF-8 with BOM for Excel): one row per figure, amounts as numbers. */
export function annualStatementCsv(statement: AnnualStatement, labels: AnnualStatementLabels): string {
  const rows: CsvCell[][] = [labels.heading];
  for (const row of ANNUAL_STATEMENT_ROWS) rows.push([labels.rows[row], { amount: statement[row] }]);
  return toCsv(rows);
}

/** The annual statement as an A4 PDF through the one PDF helper: a two-column table of the figures and the note. */
export async function annualStatementPdf(statement: AnnualStatement, labels: AnnualStatementLabels): Promise<Buffer> {
  return renderPdf({ title: labels.title, margins: { top: 64, bottom: 56, left: 64, right: 64 } }, (pdf) => {
    pdf.fontSize(20).text(labels.title, { align: "center" });
    pdf.moveDown(1.2).fontSize(11);
    const left = pdf.page.margins.left;
    const width = pdf.page.width - left - pdf.page.margins.right;
    for (const row of ANNUAL_STATEMENT_ROWS) {
      const y = pdf.y;
      pdf.text(labels.rows[row], left, y, { width: width * 0.6 });
      pdf.text(labels.money(statement[row]), left + width * 0.6, y, { width: width * 0.4, align: "right" });
      pdf.moveDown(0.5);
      if (row === "opening" || row === "otherOut" || row === "closing") pdf.moveTo(left, pdf.y).lineTo(left + width, pdf.y).strokeColor("#cccccc").stroke().moveDown(0.5);
    }
    pdf.moveDown(1.5);
    pdf.fontSize(8.5).fillColor("#555555").text(labels.note, left, pdf.y, { width, lineGap: 2 });
  });
}
