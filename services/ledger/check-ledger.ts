import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "./db-helpers";
import { LEDGER_CHECKS } from "./ledger-checks";
import { MAX_VIOLATIONS_LISTED_PER_CHECK } from "./limits";
import { normalizeOperatorId } from "./validate";

export interface LedgerViolation {
  /** Which invariant, e.g. `entry.unbalanced`, `account.balance_mismatch`. */
  check: string;
  /** The entry, account, hold, loan or trigger concerned. */
  subject: string;
  message: string;
}

export interface LedgerCheckReport {
  ok: boolean;
  counts: { entries: number; postings: number; accounts: number; holds: number };
  /** Exact number of violations found; `violations` lists at most MAX_VIOLATIONS_LISTED_PER_CHECK per check. */
  violationCount: number;
  violations: LedgerViolation[];
}

export { LEDGER_TRIGGERS } from "./ledger-checks";

type Row = { subject: string; message: string; total: string | number };

/**
 * Recomputes the books from the postings and checks every invariant the ledger
 * promises, without trusting the stored balances or the triggers that keep them:
 * entries have two or more postings summing to zero that still match their hash
 * (postings untouched), postings and holds name accounts of their own operator and
 * currency, stored balances equal recomputed ones, no-negative accounts
 * are not negative, holds and reversals match their entries, each operator's books
 * balance, each loan's principal equals the sum of its investors' claims, and the
 * guarantee triggers are all in place. Read-only.
 */
export async function checkLedger(db: DbOrTx, input: { operatorId?: string } = {}): Promise<LedgerCheckReport> {
  const operatorId = input.operatorId ? normalizeOperatorId(input.operatorId) : null;
  const scope = (column: SQL) => (operatorId ? sql`${column} = ${operatorId}::uuid` : sql`true`);
  const limit = MAX_VIOLATIONS_LISTED_PER_CHECK;
  const violations: LedgerViolation[] = [];
  let violationCount = 0;

  // Each check returns its violating rows (at most `limit`) with the total count.
  const run = async (check: string, query: SQL) => {
    const rows = await queryRows<Row>(db, sql`select subject, message, count(*) over () as total from (${query}) v limit ${limit}`);
    if (rows.length === 0) return;
    violationCount += Number(rows[0]!.total);
    for (const row of rows) violations.push({ check, subject: row.subject, message: row.message });
  };

  for (const { check, query } of LEDGER_CHECKS) await run(check, query(scope));

  const [counts] = await queryRows<{
    entries: string | number;
    postings: string | number;
    accounts: string | number;
    holds: string | number;
  }>(
    db,
    sql`select (select count(*) from ledger_entries where ${scope(sql`operator_id`)}) as entries,
               (select count(*) from ledger_postings where ${scope(sql`operator_id`)}) as postings,
               (select count(*) from ledger_accounts where ${scope(sql`operator_id`)}) as accounts,
               (select count(*) from ledger_holds where ${scope(sql`operator_id`)}) as holds`,
  );
  return {
    ok: violationCount === 0,
    counts: {
      entries: Number(counts?.entries ?? 0),
      postings: Number(counts?.postings ?? 0),
      accounts: Number(counts?.accounts ?? 0),
      holds: Number(counts?.holds ?? 0),
    },
    violationCount,
    violations,
  };
}

/** The one-line summary and the violation lines `npm run ledger:check` prints. */
export function formatLedgerCheck(report: LedgerCheckReport): { summary: string; lines: string[] } {
  const { entries, postings, accounts, holds } = report.counts;
  const scope = `${entries} entries, ${postings} postings, ${accounts} accounts, ${holds} holds`;
  const summary = report.ok
    ? `ledger:check OK: ${scope}; every invariant holds`
    : `ledger:check FAILED: ${report.violationCount} violation(s) in ${scope}`;
  const lines = report.violations.map((v) => `  ${v.check} ${v.subject}: ${v.message}`);
  if (report.violationCount > report.violations.length) {
    lines.push(`  ... and ${report.violationCount - report.violations.length} more`);
  }
  return { summary, lines };
}
