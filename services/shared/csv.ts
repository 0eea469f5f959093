/**
 * CSV that Excel opens correctly with Chinese text: UTF-8 with a byte-order mark, CRLF
 * line ends, every text cell quoted. Text that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab) gets a leading apostrophe; amount cells are written
 * as they are so they stay numbers.
 */
export type CsvCell = string | { amount: string };

const BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;

function cellText(cell: CsvCell): string {
  if (typeof cell !== "string") {
    if (!/^-?\d+(\.\d+)?$/.test(cell.amount)) throw new Error(`not an amount: ${cell.amount}`);
    return cell.amount;
  }
  const safe = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  return BOM + rows.map((row) => row.map(cellText).join(",")).join("\r\n") + "\r\n";
}
