import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { normalizeOperatorId } from "../ledger/validate";
import { monthBound, monthBounds, shiftMonth } from "./build-disclosure-report";
import { computeLedgerMonthFigures } from "./ledger-month-figures";
import { monthFacts } from "./month-facts";

/** Months kept per call at most (the first run of a long history catches up over several day closes). */
export const MAX_DISCLOSURE_MONTHS_PER_RUN = 36;

/**
 * Day close of the disclosure (after the balance snapshots): keeps the ledger figures of every
 * month whose last day the snapshots cover (day <= snapshots_through) and that has no row yet,
 * oldest first, one transaction per month. Idempotent. With them, the month's loan, installment
 * and transfer figures as they stand at its close (month-facts.ts): a published month then does
 * not move when a partial payment comes later (installments keep only running totals).
 *
 * Staleness: the snapshot maker deletes rows whose as-of day is after snapshots_through when it
 * rebuilds reopened days, and readers trust a row only while its as-of day <= snapshots_through.
 * Each month is computed and written while holding the horizon row FOR SHARE: a backdated
 * posting's reopening (an UPDATE of that row) waits until the row is written and then lowers
 * the horizon below it, so no row computed without that posting is trusted later.
 */
export async function makeDisclosureMonths(db: Db, input: { operatorId: string }): Promise<{ months: string[] }> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const todo = await monthsToKeep(db, operatorId);
  const made: string[] = [];
  for (const month of todo.slice(0, MAX_DISCLOSURE_MONTHS_PER_RUN)) {
    const kept = await db.transaction((tx) => keepMonth(tx, operatorId, month));
    if (!kept) break;
    made.push(month);
  }
  return { months: made };
}

/** Months from the operator's first posting through the last month the snapshots cover, without a row. */
async function monthsToKeep(db: DbOrTx, operatorId: string): Promise<string[]> {
  const [row] = await queryRows<{ through: string | null; first: string | null }>(
    db,
    sql`select h.snapshots_through::text as through,
               (select ledger_day_of(min(e.created_at))::text from ledger_entries e where e.operator_id = ${operatorId}::uuid) as first
          from ledger_snapshot_horizons h where h.operator_id = ${operatorId}::uuid`,
  );
  if (!row?.through || !row.first) return [];
  const existing = new Set(
    (await queryRows<{ month: string }>(db, sql`select month from disclosure_month_figures where operator_id = ${operatorId}::uuid`)).map((r) => r.month),
  );
  const months: string[] = [];
  for (let m = row.first.slice(0, 7); monthBounds(m).asOfDate <= row.through; m = shiftMonth(m, 1)) {
    if (!existing.has(m)) months.push(m);
  }
  return months;
}

/** One month's row, under the horizon row's share lock; false when the snapshots no longer cover the month. */
async function keepMonth(tx: DbOrTx, operatorId: string, month: string): Promise<boolean> {
  const { asOfDate, asOf } = monthBounds(month);
  const [horizon] = await queryRows<{ covered: boolean }>(
    tx,
    sql`select snapshots_through >= ${asOfDate}::date as covered from ledger_snapshot_horizons where operator_id = ${operatorId}::uuid for share`,
  );
  if (!horizon?.covered) return false;
  const f = await computeLedgerMonthFigures(tx, { operatorId, asOf });
  // The loans', installments' and transfers' figures as they stand now, at the month's close (month-facts.ts).
  const facts = (await monthFacts(tx, { operatorId, months: [monthBound(month)] })).get(month);
  await tx.execute(sql`
    insert into disclosure_month_figures (operator_id, month, as_of_day, outstanding_principal, outstanding_loans, current_borrowers,
                                          top10_principal, largest_principal, cumulative_lenders, current_lenders, facts)
    values (${operatorId}::uuid, ${month}, ${asOfDate}::date, ${f.outstandingPrincipalCny.toFixed(2)}, ${f.outstandingLoanCount}, ${f.currentBorrowers},
            ${f.top10PrincipalCny.toFixed(2)}, ${f.largestPrincipalCny.toFixed(2)}, ${f.cumulativeLenders}, ${f.currentLenders}, ${JSON.stringify(facts ?? {})}::jsonb)
    on conflict (operator_id, month) do nothing`);
  return true;
}
