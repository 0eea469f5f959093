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
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) throw rejected(1, "empty file");
  const head = splitLine(lines[0]!, 1);
  if (head.length !== header.length || head.some((cell, i) => cell !== header[i])) {
    throw rejected(1, `header must be ${header.join(",")}`);
  }
  const rows: { line: number; cells: string[] }[] = [];
  lines.slice(1).forEach((raw, index) => {
    const line = index + 2;
    if (raw === "") throw rejected(line, "empty line");
    const cells = splitLine(raw, line);
    if (cells.length !== header.length) throw rejected(line, `expected ${header.length} columns, found ${cells.length}`);
    rows.push({ line, cells });
  });
  return rows;
}

function splitLine(raw: string, line: number): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (raw[i] === '"') {
      let cell = "";
      i++;
      for (;;) {
        if (i >= raw.length) throw rejected(line, "unterminated quote");
        if (raw[i] === '"') {
          if (raw[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += raw[i];
        i++;
      }
      // Our writer guards formula-like text with a leading apostrophe; read it back plain.
      cells.push(cell.startsWith("'") && /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
      if (i === raw.length) return cells;
      if (raw[i] !== ",") throw rejected(line, "text after a quoted cell");
      i++;
    } else {
      const next = raw.indexOf(",", i);
      const cell = next === -1 ? raw.slice(i) : raw.slice(i, next);
      if (cell.includes('"')) throw rejected(line, "stray quote");
      cells.push(cell);
      if (next === -1) return cells;
      i = next + 1;
    }
  }
}

export function rejected(line: number, reason: string): DomainError {
  return new DomainError("repayment.file_rejected", { field: "file", details: { line, reason } });
}

const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

/** `1234.50`: a dot, at most two decimals, no sign, separators or currency. */
export function isAmountText(value: string): boolean {
  return AMOUNT.test(value);
}
