import { desc, eq, and } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { cardTopUps, storeCashTopUps } from "../../db/schema";
import { chart, getAccountByCode, getStatement, ledgerLimits, type StatementLine } from "../ledger";
import { ZERO_CNY } from "../ledger/money";
import { toCsv, type CsvCell } from "../shared/csv";

/** Most lines one export carries; a longer period should be split. */
export const MAX_STATEMENT_LINES = 20_000;

export interface InvestorStatement {
  opening: string;
  closing: string;
  lines: StatementLine[];
  truncated: boolean;
}

/** The investor's wallet:available statement for a period (from/to inclusive, null = open). */
export async function getInvestorStatement(
  db: DbOrTx,
  input: { operatorId: string; userId: string; from: Date | null; to: Date | null },
): Promise<InvestorStatement> {
  const account = await getAccountByCode(db, { operatorId: input.operatorId, code: chart.walletAvailable(input.userId).code });
  if (!account) return { opening: "0.00", closing: "0.00", lines: [], truncated: false };
  const lines: StatementLine[] = [];
  let cursor: string | null = null;
  let opening: string | null = null;
  let closing = ZERO_CNY;
  do {
    const page: Awaited<ReturnType<typeof getStatement>> = await getStatement(db, {
      operatorId: input.operatorId,
      accountId: account.id,
      from: input.from,
      to: input.to,
      cursor,
      pageSize: ledgerLimits.MAX_PAGE_SIZE,
    });
    opening ??= page.openingBalanceCny.toFixed(2);
    closing = page.closingBalanceCny;
    lines.push(...page.lines);
    cursor = page.nextCursor;
  } while (cursor && lines.length < MAX_STATEMENT_LINES);
  return { opening: opening ?? "0.00", closing: closing.toFixed(2), lines, truncated: cursor !== null };
}

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

/** The investor's own top-ups, card and cash, newest first. */
export async function listMyTopUps(db: DbOrTx, input: { operatorId: string; userId: string; limit?: number }) {
  const limit = input.limit ?? 10;
  const card = await db
    .select()
    .from(cardTopUps)
    .where(and(eq(cardTopUps.operatorId, input.operatorId), eq(cardTopUps.userId, input.userId)))
    .orderBy(desc(cardTopUps.createdAt))
    .limit(limit);
  const cash = await db
    .select()
    .from(storeCashTopUps)
    .where(and(eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.investorUserId, input.userId)))
    .orderBy(desc(storeCashTopUps.createdAt))
    .limit(limit);
  return [
    ...card.map((c) => ({ id: c.id, channel: "card" as const, amount: c.amount, status: c.status, refundedAmount: c.refundedAmount, createdAt: c.createdAt, receiptNo: null })),
    ...cash.map((c) => ({ id: c.id, channel: "cash" as const, amount: c.amount, status: "succeeded" as const, refundedAmount: "0", createdAt: c.createdAt, receiptNo: c.receiptNo })),
  ]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, limit);
}
