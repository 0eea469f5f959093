import { asc, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { loanInstallments } from "../../../db/schema";
import { anyOf, queryRows } from "../../ledger/db-helpers";
import { Cny } from "../../ledger/money";
import { daysBetween } from "../../shared/calendar";
import { quoteInstallmentsDue, type InstallmentState } from "../compute-due";

/** Disbursed loans of an operator whose current (newest) repayment channel is `channel`. */
export async function loansOnChannel(db: DbOrTx, operatorId: string, channel: string): Promise<{ loanId: string; borrowerUserId: string }[]> {
  const rows = await queryRows<{ loan_id: string; borrower_user_id: string }>(
    db,
    sql`select l.id::text as loan_id, l.borrower_user_id::text as borrower_user_id
          from loans l
          join lateral (select c.channel from loan_repayment_channels c where c.loan_id = l.id order by c.created_at desc, c.id desc limit 1) cur on true
         where l.operator_id = ${operatorId}::uuid and l.status = 'disbursed' and cur.channel = ${channel}
         order by l.id`,
  );
  return rows.map((r) => ({ loanId: r.loan_id, borrowerUserId: r.borrower_user_id }));
}

export interface DueOnDate {
  /** The installment the collection is raised for (the oldest one that triggered it). */
  installmentN: number;
  dueDate: string;
  /** Everything owed on that date: principal, interest and penalty of installments due by then. */
  amount: string;
}

/**
 * What a channel should collect from a loan on `date`, or null: an unpaid installment must
 * fall due that day, or `retryDays` after its due date (overdue retries); the amount is all
 * that is owed on installments due by `date` (penalties included).
 */
export function dueOnDate(installments: readonly (InstallmentState & { status: string })[], date: string, retryDays: readonly number[] | "every_day"): DueOnDate | null {
  const quote = quoteInstallmentsDue(installments, date);
  const due = quote.items.filter((i) => i.dueDate <= date);
  const amount = due.reduce((t, i) => t.plus(i.penalty).plus(i.interest).plus(i.principal), new Cny(0));
  if (amount.lte(0)) return null;
  const trigger = due.find((i) => {
    const late = daysBetween(i.dueDate, date);
    return late === 0 || retryDays === "every_day" || retryDays.includes(late);
  });
  if (!trigger) return null;
  return { installmentN: trigger.n, dueDate: trigger.dueDate, amount: amount.toFixed(2) };
}

/** Loans whose installments are read per statement when raising a day's collections (12–36 rows a loan). */
const LOANS_PER_INSTALLMENT_READ = 2000;

/**
 * dueOnDate for many loans (a channel's whole day: up to every loan on it), reading their
 * installments LOANS_PER_INSTALLMENT_READ loans a statement instead of one round trip a loan.
 * Loans with nothing to collect on `date` are absent.
 */
export async function loadDuesOnDate(db: DbOrTx, loanIds: readonly string[], date: string, retryDays: readonly number[] | "every_day"): Promise<Map<string, DueOnDate>> {
  const dues = new Map<string, DueOnDate>();
  for (let start = 0; start < loanIds.length; start += LOANS_PER_INSTALLMENT_READ) {
    const rows = await db
      .select()
      .from(loanInstallments)
      .where(anyOf(loanInstallments.loanId, loanIds.slice(start, start + LOANS_PER_INSTALLMENT_READ)))
      .orderBy(asc(loanInstallments.loanId), asc(loanInstallments.n));
    const byLoan = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = byLoan.get(row.loanId);
      if (list) list.push(row);
      else byLoan.set(row.loanId, [row]);
    }
    for (const [loanId, installments] of byLoan) {
      const due = dueOnDate(installments, date, retryDays);
      if (due) dues.set(loanId, due);
    }
  }
  return dues;
}

/** The operator's one-letter prefix in references (`U` for unicom): the slug's first letter. */
export async function operatorRefs(db: DbOrTx, operatorId: string): Promise<{ slug: string; prefix: string }> {
  const [row] = await queryRows<{ slug: string }>(db, sql`select slug from operators where id = ${operatorId}::uuid`);
  if (!row) throw new Error(`operator ${operatorId} not found`);
  const letter = row.slug.replace(/[^A-Za-z]/g, "").slice(0, 1).toUpperCase() || "X";
  return { slug: row.slug, prefix: letter };
}
