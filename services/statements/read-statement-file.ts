import type Decimal from "decimal.js";
import { isCalendarDate } from "../shared/calendar";
import { CsvSyntaxError, parseCsv } from "../shared/csv";
import { DomainError, isDomainError } from "../shared/errors";
import { parseAmountCny } from "../ledger/money";
import type { FileRejectionReason, LineOrigin } from "./statement-channel";

/**
 * The one reader of the statement files outside parties send us (docs/file-formats.md):
 * the channels' own imports (a bank's debit result, an operator's settlement) and
 * reconciliation read every file through it, so a file is accepted or refused the same
 * way, with the same codes, wherever it is uploaded.
 */

/**
 * Refuses the whole file: nothing of it is kept, and finance sees where and why.
 * `statement.file_rejected` with the line (1 = header), a reason code and a message that
 * starts with the reason in words ("bad amount: ...").
 */
export function rejectFile(line: number, reason: FileRejectionReason, message: string): never {
  throw new DomainError("statement.file_rejected", { field: "file", details: { line, reason, message: `${reason.replaceAll("_", " ")}: ${message}` } });
}

/**
 * Decodes strict UTF-8 (a leading BOM is dropped). Files saved by Excel in GBK are the
 * usual offender; they are refused rather than read as mojibake.
 */
export function decodeUtf8(bytes: Uint8Array | string): string {
  if (typeof bytes === "string") return bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // The lenient decoding puts U+FFFD where the bytes broke, which gives the line to report.
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const at = lenient.indexOf("\uFFFD");
    const line = at < 0 ? 1 : lenient.slice(0, at).split("\n").length;
    return rejectFile(line, "not_utf8", "the file is not UTF-8 (saved as GBK?); save it as CSV UTF-8");
  }
}

/** One data line with its cells by column name. */
export type TableRow = LineOrigin & { get(column: string): string };

export type TableSpec = {
  /** The columns the file must have. */
  columns: readonly string[];
  /** `exact`: exactly these columns in this order (our own formats); `subset`: these among others, any order (Stripe's export). */
  header: "exact" | "subset";
  /**
   * Whether a file with a header and no lines is a valid (quiet) day. A format whose
   * sender only writes a file when something happened (a debit result answers a batch, a
   * settlement pays deductions) refuses it.
   */
  allowNoLines: boolean;
};

/** Our CSV writer guards formula-like text with a leading apostrophe (shared/csv.ts); read it back plain. */
const GUARDED_FORMULA = /^'[=+\-@\t\r]/;

/**
 * Decodes (strict UTF-8, optional BOM), splits (CRLF or LF, RFC 4180 quotes) and checks
 * the header of a statement file; rows come back with 1-based line numbers.
 */
export function readStatementFile(bytes: Uint8Array | string, spec: TableSpec): TableRow[] {
  const text = decodeUtf8(bytes);
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) rejectFile(error.line, "bad_csv", `malformed CSV: ${error.reason}`);
    throw error;
  }
  // A final line end is normal, and so are trailing blank lines an editor leaves behind.
  while (records.length > 0 && isBlank(records[records.length - 1]!.cells)) records.pop();
  const [header, ...rows] = records;
  if (!header) return rejectFile(1, "empty", "the file is empty");

  const index = headerIndex(header.cells, spec, header.line);
  if (rows.length === 0 && !spec.allowNoLines) return rejectFile(1, "empty", "the file has a header but no lines");

  const width = header.cells.length;
  return rows.map((record) => {
    if (record.cells.length !== width) {
      rejectFile(record.line, "wrong_columns", `expected ${width} columns, found ${record.cells.length}`);
    }
    return {
      line: record.line,
      raw: record.raw,
      get(column: string): string {
        const at = index.get(column);
        if (at === undefined) throw new Error(`column ${column} is not in the spec`);
        const cell = record.cells[at]!;
        return GUARDED_FORMULA.test(cell) ? cell.slice(1) : cell;
      },
    };
  });
}

function isBlank(cells: readonly string[]): boolean {
  return cells.length === 1 && cells[0] === "";
}

function headerIndex(cells: readonly string[], spec: TableSpec, line: number): Map<string, number> {
  const names = cells.map((cell) => cell.trim());
  if (spec.header === "exact") {
    const same = names.length === spec.columns.length && names.every((name, i) => name === spec.columns[i]);
    if (!same) rejectFile(line, "wrong_columns", `expected the header ${spec.columns.join(",")}`);
  } else {
    if (new Set(names).size !== names.length) rejectFile(line, "wrong_columns", "a column name appears twice");
    const missing = spec.columns.filter((column) => !names.includes(column));
    if (missing.length > 0) rejectFile(line, "wrong_columns", `missing columns: ${missing.join(", ")}`);
  }
  return new Map(spec.columns.map((column) => [column, names.indexOf(column)]));
}

/** A reference in a closed alphabet (our instruction or request ids). */
export function referenceCell(row: TableRow, column: string, pattern: RegExp): string {
  const text = requiredText(row, column);
  if (!pattern.test(text)) rejectFile(row.line, "bad_reference", `${column} "${text.slice(0, 40)}" is not a reference`);
  return text;
}

/** A cell that must not be empty. */
export function requiredText(row: TableRow, column: string): string {
  const value = row.get(column).trim();
  if (value === "") rejectFile(row.line, "missing_value", `${column} is empty`);
  return value;
}

export type AmountSign = "positive" | "non_negative" | "any";

/** Yuan with a dot and at most two decimals, no separators or signs other than a leading minus. */
export function amountCell(row: TableRow, column: string, sign: AmountSign): Decimal {
  const text = row.get(column).trim();
  let amount: Decimal;
  try {
    amount = parseAmountCny(text, column);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const why = error.code === "ledger.too_many_decimals" ? "more than two decimals" : "not an amount";
    return rejectFile(row.line, "bad_amount", `${column} "${text.slice(0, 40)}": ${why}`);
  }
  if (sign !== "any" && amount.isNegative()) rejectFile(row.line, "bad_amount", `${column} may not be negative`);
  if (sign === "positive" && amount.isZero()) rejectFile(row.line, "bad_amount", `${column} may not be zero`);
  return amount;
}

/** A Beijing calendar date, `YYYY-MM-DD`. */
export function dateCell(row: TableRow, column: string): string {
  const text = row.get(column).trim();
  if (!isCalendarDate(text)) rejectFile(row.line, "bad_date", `${column} "${text.slice(0, 40)}" is not a date (YYYY-MM-DD)`);
  return text;
}

/** A value from a closed list (status, kind, direction). */
export function choiceCell<T extends string>(
  row: TableRow,
  column: string,
  allowed: readonly T[],
  reason: FileRejectionReason,
): T {
  const text = row.get(column).trim();
  const found = allowed.find((value) => value === text);
  if (found === undefined) rejectFile(row.line, reason, `${column} "${text.slice(0, 40)}" is not one of ${allowed.join(", ")}`);
  return found;
}

/** A masked mobile number such as 138****0001; a full number has no business in these files. */
export function maskedPhoneCell(row: TableRow, column: string): string {
  const text = row.get(column).trim();
  if (!/^1\d{2}\*{4}\d{4}$/.test(text)) rejectFile(row.line, "bad_phone", `${column} is not a masked phone (138****0001)`);
  return text;
}
