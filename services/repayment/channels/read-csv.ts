import { CsvSyntaxError, parseCsv, type CsvRecord } from "../../shared/csv";
import { DomainError } from "../../shared/errors";

/**
 * Strict reading of the CSV files outside parties send us (docs/file-formats.md): UTF-8,
 * optional BOM, CRLF or LF, comma separated, cells optionally double-quoted ("" inside a
 * quoted cell is a quote), first line exactly the expected header. Anything else refuses
 * the whole file with the line number (1 = header) and the reason.
 */
export function readCsv(fileBytes: Uint8Array | string, header: readonly string[]): { line: number; cells: string[] }[] {
  let text: string;
  if (typeof fileBytes === "string") text = fileBytes;
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(fileBytes);
    } catch {
      throw rejected(1, "not UTF-8");
    }
  }
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw rejected(error.line, error.reason === "unterminated_quote" ? "unterminated quote" : "stray quote");
    throw error;
  }
  if (records.length === 0) throw rejected(1, "empty file");
  const [head, ...rest] = records;
  if (head!.cells.length !== header.length || head!.cells.some((cell, i) => cell !== header[i])) {
    throw rejected(1, `header must be ${header.join(",")}`);
  }
  return rest.map(({ line, cells, raw }) => {
    if (raw === "") throw rejected(line, "empty line");
    if (cells.length !== header.length) throw rejected(line, `expected ${header.length} columns, found ${cells.length}`);
    // Our writer guards formula-like text with a leading apostrophe; read it back plain.
    return { line, cells: cells.map((cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell)) };
  });
}

export function rejected(line: number, reason: string): DomainError {
  return new DomainError("repayment.file_rejected", { field: "file", details: { line, reason } });
}

const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

/** `1234.50`: a dot, at most two decimals, no sign, separators or currency. */
export function isAmountText(value: string): boolean {
  return AMOUNT.test(value);
}
