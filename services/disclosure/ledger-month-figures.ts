import type Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { balancesAsOfSql, snapshotDayFor } from "../ledger/balances-as-of";
import { queryRows } from "../ledger/db-helpers";
import { cnyFromDb, ZERO_CNY } from "../ledger/money";

/**
 * The disclosure's figures that come from the ledger, as of the end of a month's last day
 * (see build-disclosure-report.ts for what each counts): outstanding principal per borrower
 * (total, loans, borrowers, the ten largest, the largest) and lenders (cumulative, current).
 * Computed from the balance snapshots plus later postings, or read from
 * disclosure_month_figures once the day close has kept them for a closed month
 * (docs/decisions/2026-12-05-books-by-class.md).
 */
export interface LedgerMonthFigures {
  outstandingPrincipalCny: Decimal;
  outstandingLoanCount: number;
  currentBorrowers: number;
  top10PrincipalCny: Decimal;
  largestPrincipalCny: Decimal;
  cumulativeLenders: number;
  currentLenders: number;
}

/** Accounts of the operator whose code starts with `prefix`, as a subquery of ids. */
function accountsWithPrefix(operatorId: string, prefix: string) {
  return sql`select id from ledger_accounts where operator_id = ${operatorId}::uuid and starts_with(code, ${prefix})`;
}

/** Outstanding principal per borrower: the loan:principal accounts' balances at T (snapshots plus later postings). */
async function principalByBorrower(db: DbOrTx, input: { operatorId: string; day: string | null; asOf: Date }) {
  const { operatorId } = input;
  const balances = balancesAsOfSql({ ...input, accountIds: accountsWithPrefix(operatorId, "loan:principal:") });
  return queryRows<{ borrower: string; principal: string; loans: string }>(
    db,
    sql`select l.borrower_user_id::text as borrower, sum(b.balance)::text as principal, count(*)::text as loans
          from ${balances} b
          join ledger_accounts a on a.id = b.account_id
          join loans l on l.operator_id = a.operator_id and l.id::text = substr(a.code, 16)
         where b.balance > 0 and l.operator_id = ${operatorId}::uuid
         group by l.borrower_user_id`,
  );
}

/** Investors who ever held a claim up to T (a posting by then), and those still owed at T. */
async function lenderCounts(db: DbOrTx, input: { operatorId: string; day: string | null; asOf: Date }) {
  const balances = balancesAsOfSql({ ...input, accountIds: accountsWithPrefix(input.operatorId, "claim:") });
  const [lenders] = await queryRows<{ cumulative: string; current: string }>(
    db,
    sql`select count(*)::text as cumulative, count(*) filter (where owed > 0)::text as current
          from (select a.owner_user_id, -sum(b.balance) as owed
                  from ${balances} b join ledger_accounts a on a.id = b.account_id
                 where b.postings > 0
                 group by a.owner_user_id) c`,
  );
  return lenders;
}

/** The ledger figures at `asOf`, computed from the balance snapshots and the postings after them. */
export async function computeLedgerMonthFigures(db: DbOrTx, input: { operatorId: string; asOf: Date }): Promise<LedgerMonthFigures> {
  const { operatorId, asOf } = input;
  const day = await snapshotDayFor(db, operatorId, { atOrBefore: asOf });
  const perBorrower = await principalByBorrower(db, { operatorId, day, asOf });
  const principal = perBorrower.map((r) => cnyFromDb(r.principal)).sort((a, b) => b.comparedTo(a));
  const lenders = await lenderCounts(db, { operatorId, day, asOf });
  return {
    outstandingPrincipalCny: principal.reduce((s, x) => s.plus(x), ZERO_CNY),
    outstandingLoanCount: perBorrower.reduce((s, r) => s + Number(r.loans), 0),
    currentBorrowers: perBorrower.length,
    top10PrincipalCny: principal.slice(0, 10).reduce((s, x) => s.plus(x), ZERO_CNY),
    largestPrincipalCny: principal[0] ?? ZERO_CNY,
    cumulativeLenders: Number(lenders?.cumulative ?? 0),
    currentLenders: Number(lenders?.current ?? 0),
  };
}

interface MonthRow {
  month: string;
  outstanding_principal: string;
  outstanding_loans: number;
  current_borrowers: number;
  top10_principal: string;
  largest_principal: string;
  cumulative_lenders: number;
  current_lenders: number;
}

function fromRow(row: MonthRow): LedgerMonthFigures {
  return {
    outstandingPrincipalCny: cnyFromDb(row.outstanding_principal),
    outstandingLoanCount: Number(row.outstanding_loans),
    currentBorrowers: Number(row.current_borrowers),
    top10PrincipalCny: cnyFromDb(row.top10_principal),
    largestPrincipalCny: cnyFromDb(row.largest_principal),
    cumulativeLenders: Number(row.cumulative_lenders),
    currentLenders: Number(row.current_lenders),
  };
}

/**
 * The kept rows of `months` (YYYY-MM) that readers may trust: their as-of day is at or before
 * the operator's snapshots_through (a backdated posting into the month lowers it, and the row
 * is not read until the day close has rebuilt it). One query for any number of months.
 */
export async function keptLedgerMonthFigures(db: DbOrTx, input: { operatorId: string; months: string[] }): Promise<Map<string, LedgerMonthFigures>> {
  if (input.months.length === 0) return new Map();
  const rows = await queryRows<MonthRow>(
    db,
    sql`select f.month, f.outstanding_principal::text as outstanding_principal, f.outstanding_loans, f.current_borrowers,
               f.top10_principal::text as top10_principal, f.largest_principal::text as largest_principal, f.cumulative_lenders, f.current_lenders
          from disclosure_month_figures f join ledger_snapshot_horizons h on h.operator_id = f.operator_id
         where f.operator_id = ${input.operatorId}::uuid and f.as_of_day <= h.snapshots_through
           and f.month in (${sql.join(input.months.map((m) => sql`${m}`), sql`, `)})`,
  );
  return new Map(rows.map((row) => [row.month, fromRow(row)]));
}
