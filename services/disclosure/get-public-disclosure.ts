import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { operators, type PlatformInfo } from "../../db/schema";
import { STAFF_ROLES } from "../identity/roles";
import { queryRows } from "../ledger/db-helpers";
import { cnyFromDb, formatCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { computeDisclosureFigures, lastFullMonth, monthBounds, parseMonth } from "./build-disclosure-report";
import { figureRows, type FigureRow } from "./present";

export interface RelatedPartyLending {
  cumulativeCount: number;
  /** Text to the fen, as the ledger prints it. */
  cumulativeCny: string;
  outstandingCount: number;
  outstandingCny: string;
}

export interface PublicDisclosure {
  month: string;
  asOfDate: string;
  platform: PlatformInfo;
  rows: FigureRow[];
  relatedParty: RelatedPartyLending;
  /**
   * Compensatory payments (代偿): the platform never guarantees principal or return (DESIGN.md
   * §3) and no ledger entry pays an investor from anything but a borrower's repayment, so the
   * figure is zero by construction; it is stated because the guideline asks for it.
   */
  compensatory: { count: number; amountCny: string };
}

/**
 * The public disclosure of an operator's platform (2017 disclosure guideline, anyone may read
 * it): the platform information it keeps on its operator row, and one month's figures as
 * finance computes them (build-disclosure-report.ts) — the last full month unless an earlier
 * one is asked for — plus lending to related parties and compensatory payments.
 * A month not yet complete is `disclosure.invalid_month`.
 */
export async function getPublicDisclosure(db: DbOrTx, input: { operatorId: string; month?: string | null; now?: Date }): Promise<PublicDisclosure> {
  const latest = lastFullMonth(input.now);
  const month = input.month == null ? latest : parseMonth(input.month);
  if (!month || month > latest) throw new DomainError("disclosure.invalid_month", { field: "month" });
  const [operator] = await db.select({ platformInfo: operators.platformInfo }).from(operators).where(eq(operators.id, input.operatorId));
  const figures = await computeDisclosureFigures(db, { operatorId: input.operatorId, month });
  return {
    month,
    asOfDate: figures.asOfDate,
    platform: operator?.platformInfo ?? {},
    rows: figureRows(figures),
    relatedParty: await relatedPartyLending(db, input.operatorId, monthBounds(month).asOf),
    compensatory: { count: 0, amountCny: "0.00" },
  };
}

/**
 * Loans to the platform's related parties: borrowers who hold a staff role at this operator
 * (its employees and officers). Roles are read as they are now (roles keep no history).
 * Cumulative: paid out by T; outstanding: of those, not closed by T, with their unpaid
 * scheduled principal (the installment approximation of build-disclosure-report.ts).
 */
async function relatedPartyLending(db: DbOrTx, operatorId: string, asOf: Date): Promise<RelatedPartyLending> {
  const t = asOf.toISOString();
  const staffRoles = sql.join(STAFF_ROLES.map((r) => sql`${r}`), sql`, `);
  const [row] = await queryRows<{ cum_count: string; cum_amount: string; open_count: string; open_amount: string }>(
    db,
    sql`select count(*)::text as cum_count,
               coalesce(sum(l.amount), 0)::text as cum_amount,
               count(*) filter (where l.closed_at is null or l.closed_at > ${t}::timestamptz)::text as open_count,
               coalesce(sum((select sum(i.principal - i.principal_paid) from loan_installments i where i.loan_id = l.id))
                        filter (where l.closed_at is null or l.closed_at > ${t}::timestamptz), 0)::text as open_amount
          from loans l
         where l.operator_id = ${operatorId}::uuid and l.disbursed_at is not null and l.disbursed_at <= ${t}::timestamptz
           and exists (select 1 from user_roles r where r.user_id = l.borrower_user_id and r.role::text in (${staffRoles}))`,
  );
  return {
    cumulativeCount: Number(row?.cum_count ?? 0),
    cumulativeCny: formatCny(cnyFromDb(row?.cum_amount)),
    outstandingCount: Number(row?.open_count ?? 0),
    outstandingCny: formatCny(cnyFromDb(row?.open_amount)),
  };
}
