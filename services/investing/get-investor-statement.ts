import type { DbOrTx } from "../../db/client";
import { chart, getAccountByCode, getStatement, ledgerLimits, type StatementLine } from "../ledger";
import { ZERO_CNY } from "../ledger/money";

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
