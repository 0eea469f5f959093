import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";

export type PromiseStatus = "pending" | "kept" | "broken";

export interface PromiseState {
  activityId: string;
  caseId: string;
  loanId: string;
  byUserId: string;
  amount: string;
  promiseDate: string;
  createdAt: Date;
  /** Repaid on the loan from the promise until the end of its date (Beijing). */
  paid: string;
  status: PromiseStatus;
}

/**
 * The rule: a promise is `kept` when repayments on the loan received from the moment it
 * was recorded to the end of the promised day (Beijing) add up to at least the promised
 * amount; `broken` when that day is over (`today` is later) and they do not; otherwise
 * `pending`. Money paid after the day does not mend a broken promise.
 */
export function promiseStatus(input: { amount: string; paid: string; promiseDate: string; today: string }): PromiseStatus {
  return compareMoney(input.paid, input.amount) >= 0 ? "kept" : input.today > input.promiseDate ? "broken" : "pending";
}

/** Compares two non-negative decimal strings exactly (no JS number). */
function compareMoney(a: string, b: string): number {
  const [ai, af = ""] = a.split(".");
  const [bi, bf = ""] = b.split(".");
  const width = Math.max(af.length, bf.length);
  const an = BigInt(ai! + af.padEnd(width, "0"));
  const bn = BigInt(bi! + bf.padEnd(width, "0"));
  return an === bn ? 0 : an > bn ? 1 : -1;
}

/** Every promise matching `where` (an SQL condition on alias `a` / `c`) with its state on `today`. */
export async function loadPromises(db: DbOrTx, input: { operatorId: string; today: string; where?: SQL }): Promise<PromiseState[]> {
  const rows = await queryRows<{
    id: string;
    case_id: string;
    loan_id: string;
    by_user_id: string;
    amount: string;
    promise_date: string;
    created_at: string | Date;
    paid: string;
  }>(
    db,
    sql`select a.id::text as id, a.case_id::text as case_id, c.loan_id::text as loan_id, a.by_user_id::text as by_user_id,
               a.promise_amount::text as amount, a.promise_date, a.created_at,
               coalesce((select sum(r.amount) from repayments r
                          where r.loan_id = c.loan_id and r.received_at >= a.created_at
                            and r.received_at <= (a.promise_date || 'T23:59:59.999+08:00')::timestamptz), 0)::numeric(20,2)::text as paid
          from collection_activities a join collection_cases c on c.id = a.case_id
         where a.operator_id = ${input.operatorId}::uuid and a.kind = 'promise' ${input.where ? sql`and ${input.where}` : sql``}
         order by a.created_at, a.id`,
  );
  return rows.map((r) => ({
    activityId: r.id,
    caseId: r.case_id,
    loanId: r.loan_id,
    byUserId: r.by_user_id,
    amount: r.amount,
    promiseDate: r.promise_date,
    createdAt: new Date(r.created_at),
    paid: r.paid,
    status: promiseStatus({ amount: r.amount, paid: r.paid, promiseDate: r.promise_date, today: input.today }),
  }));
}
