import { amountCell, readStatementFile as readTable, rejectFile, requiredText, type TableRow } from "../statements/read-statement-file";
import type { StripeBalanceLine } from "./types";

/** The columns of Stripe's balance transactions export we read; Stripe writes more, which we ignore. */
export const STRIPE_BALANCE_COLUMNS = [
  "id",
  "Type",
  "Source",
  "Amount",
  "Fee",
  "Net",
  "Currency",
  "Created (UTC)",
  "Available On (UTC)",
  "Description",
] as const;

/** Stripe writes `2026-11-21 08:15` (sometimes with seconds) in UTC. */
const STRIPE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Stripe's balance transactions export. Amounts are signed (payouts and refunds are
 * negative) and Net must equal Amount − Fee. The account settles in CNY only; a line in
 * another currency would be compared in the wrong unit, so it refuses the file.
 */
export function parseStripeBalance(bytes: Uint8Array): StripeBalanceLine[] {
  const rows = readTable(bytes, { columns: STRIPE_BALANCE_COLUMNS, header: "subset", allowNoLines: true });
  return rows.map((row) => {
    const amountCny = amountCell(row, "Amount", "any");
    const feeCny = amountCell(row, "Fee", "any");
    const netCny = amountCell(row, "Net", "any");
    if (!amountCny.minus(feeCny).eq(netCny)) rejectFile(row.line, "net_mismatch", "Net is not Amount − Fee");
    const currency = row.get("Currency").trim().toLowerCase();
    if (currency !== "cny") rejectFile(row.line, "bad_currency", `Currency "${currency.slice(0, 10)}" is not cny`);
    return {
      line: row.line,
      raw: row.raw,
      id: requiredText(row, "id"),
      type: requiredText(row, "Type"),
      sourceId: row.get("Source").trim(),
      amountCny,
      feeCny,
      netCny,
      createdAt: utcTimeCell(row, "Created (UTC)"),
      availableOn: utcTimeCell(row, "Available On (UTC)"),
      description: row.get("Description").trim(),
    };
  });
}

function utcTimeCell(row: TableRow, column: string): Date {
  const text = row.get(column).trim();
  const match = STRIPE_TIME.exec(text);
  const at = match ? new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4] ?? "00"}Z`) : undefined;
  // Date rolls 2026-02-30 over to March; reading the date back catches it.
  if (!match || !at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== match[1]) {
    return rejectFile(row.line, "bad_date", `${column} "${text.slice(0, 40)}" is not a UTC time (YYYY-MM-DD HH:MM)`);
  }
  return at;
}
