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

/** One CSV record as read: its cells, the 1-based line it starts on and its text as written. */
export type CsvRecord = { line: number; cells: string[]; raw: string };

/** A file that is not well-formed CSV; `line` is where the problem was seen (1-based). */
export class CsvSyntaxError extends Error {
  readonly line: number;
  readonly reason: "unterminated_quote" | "stray_quote";

  constructor(line: number, reason: "unterminated_quote" | "stray_quote") {
    super(`${reason} at line ${line}`);
    this.name = "CsvSyntaxError";
    this.line = line;
    this.reason = reason;
  }
}

/**
 * Reads CSV text (RFC 4180): comma separated, CRLF or LF line ends, fields optionally in
 * double quotes with "" for a quote, and a quoted field may hold commas and line breaks.
 * A leading BOM is dropped. The final line end is optional; a blank line is a record with
 * one empty cell, so callers decide whether blank lines are allowed.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let position = 0;
  while (position < source.length) {
    const startLine = line;
    const start = position;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    let afterQuote = false;
    let end = -1;
    while (position < source.length) {
      const char = source[position]!;
      if (quoted) {
        if (char === '"') {
          if (source[position + 1] === '"') {
            cell += '"';
            position += 2;
            continue;
          }
          quoted = false;
          afterQuote = true;
        } else {
          if (char === "\n") line += 1;
          cell += char;
        }
        position += 1;
        continue;
      }
      if (char === ",") {
        cells.push(cell);
        cell = "";
        afterQuote = false;
        position += 1;
      } else if (char === "\r" && source[position + 1] === "\n") {
        end = position;
        position += 2;
        break;
      } else if (char === "\n") {
        end = position;
        position += 1;
        break;
      } else if (char === '"') {
        // A quote opens a field only at its very start; anywhere else the file is malformed.
        if (cell !== "" || afterQuote) throw new CsvSyntaxError(line, "stray_quote");
        quoted = true;
        position += 1;
      } else {
        if (afterQuote) throw new CsvSyntaxError(line, "stray_quote");
        cell += char;
        position += 1;
      }
    }
    if (quoted) throw new CsvSyntaxError(startLine, "unterminated_quote");
    cells.push(cell);
    records.push({ line: startLine, cells, raw: source.slice(start, end === -1 ? position : end) });
    if (end !== -1) line += 1;
  }
  return records;
}
