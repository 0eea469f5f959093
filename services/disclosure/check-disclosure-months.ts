import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import type { LedgerViolation } from "../ledger";
import { monthBounds } from "./build-disclosure-report";
import { computeLedgerMonthFigures, keptLedgerMonthFigures, type LedgerMonthFigures } from "./ledger-month-figures";

const FIELDS: ReadonlyArray<keyof LedgerMonthFigures> = [
  "outstandingPrincipalCny",
  "outstandingLoanCount",
  "currentBorrowers",
  "top10PrincipalCny",
  "largestPrincipalCny",
  "cumulativeLenders",
  "currentLenders",
];

const text = (value: LedgerMonthFigures[keyof LedgerMonthFigures]) => (typeof value === "number" ? String(value) : value.toFixed(2));

/**
 * ledger:check's part for the disclosure's kept month figures (check `snapshot.disclosure`):
 * every row readers trust (as-of day <= snapshots_through) against the same figures computed
 * again from the balance snapshots and later postings (the snapshots themselves are checked
 * against the postings by `snapshot.balance`), and its as-of day against its month.
 */
export async function checkDisclosureMonths(db: DbOrTx, input: { operatorId?: string } = {}): Promise<LedgerViolation[]> {
  const rows = await queryRows<{ operator_id: string; month: string; as_of_day: string }>(
    db,
    sql`select f.operator_id::text as operator_id, f.month, f.as_of_day::text as as_of_day
          from disclosure_month_figures f join ledger_snapshot_horizons h on h.operator_id = f.operator_id
         where f.as_of_day <= h.snapshots_through ${input.operatorId ? sql`and f.operator_id = ${input.operatorId}::uuid` : sql``}
         order by 1, 2`,
  );
  const violations: LedgerViolation[] = [];
  for (const row of rows) {
    const subject = `${row.operator_id}@${row.month}`;
    const bounds = monthBounds(row.month);
    if (bounds.asOfDate !== row.as_of_day) {
      violations.push({ check: "snapshot.disclosure", subject, message: `as-of day ${row.as_of_day}, the month ends ${bounds.asOfDate}` });
      continue;
    }
    const kept = (await keptLedgerMonthFigures(db, { operatorId: row.operator_id, months: [row.month] })).get(row.month);
    if (!kept) continue; // reopened while checking
    const fresh = await computeLedgerMonthFigures(db, { operatorId: row.operator_id, asOf: bounds.asOf });
    const differing = FIELDS.filter((f) => text(kept[f]) !== text(fresh[f]));
    if (differing.length > 0) {
      const detail = differing.map((f) => `${f} kept ${text(kept[f])}, snapshots give ${text(fresh[f])}`).join("; ");
      violations.push({ check: "snapshot.disclosure", subject, message: detail });
    }
  }
  return violations;
}
