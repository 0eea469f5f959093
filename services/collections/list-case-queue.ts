import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { queryRows } from "../ledger/db-helpers";
import { beijingDate } from "../shared/calendar";
import { loadPromises, type PromiseStatus } from "./promise-status";

export const BUCKETS = ["1-30", "31-60", "61-90", "90+"] as const;
export type CaseBucket = (typeof BUCKETS)[number];

export interface QueueRow {
  caseId: string;
  loanId: string;
  loanTitle: string;
  borrowerName: string | null;
  borrowerPhone: string;
  bucket: string;
  daysPastDue: number;
  overdueTotal: string;
  assignedToUserId: string | null;
  assignedToName: string | null;
  lastContactAt: Date | null;
  promise: { amount: string; date: string; status: PromiseStatus } | null;
}

/**
 * Open cases: a collector's own (`assigneeUserId`), or every case for a supervisor. Most
 * overdue bucket first, then the largest overdue amount; optional bucket filter. The
 * promise shown is the latest one recorded on the case.
 */
export async function listCaseQueue(
  db: DbOrTx,
  input: { operatorId: string; assigneeUserId?: string | null; bucket?: string | null; now?: Date },
): Promise<QueueRow[]> {
  const today = beijingDate(input.now ?? new Date());
  const bucket = BUCKETS.find((b) => b === input.bucket);
  const rows = await queryRows<{
    case_id: string;
    loan_id: string;
    title: string;
    name: string | null;
    phone: string;
    bucket: string;
    dpd: number;
    overdue: string;
    assignee: string | null;
    assignee_name: string | null;
    last_contact: string | Date | null;
  }>(
    db,
    sql`select c.id::text as case_id, c.loan_id::text as loan_id, l.title_zh as title, coalesce(app.full_name, u.name) as name, u.phone,
               c.bucket, coalesce(d.days_past_due, 0) as dpd, coalesce(d.overdue_total, c.overdue_at_open)::text as overdue,
               c.assigned_to_user_id::text as assignee, au.name as assignee_name,
               (select max(a.created_at) from collection_activities a where a.case_id = c.id and a.kind = 'contact') as last_contact
          from collection_cases c
          join loans l on l.id = c.loan_id
          join users u on u.id = c.borrower_user_id
          left join users au on au.id = c.assigned_to_user_id
          left join loan_delinquency d on d.loan_id = c.loan_id
          left join lateral (select full_name from loan_applications la where la.loan_id = l.id order by la.created_at desc limit 1) app on true
         where c.operator_id = ${input.operatorId}::uuid and c.status = 'open'
           ${input.assigneeUserId ? sql`and c.assigned_to_user_id = ${input.assigneeUserId}::uuid` : sql``}
           ${bucket ? sql`and c.bucket = ${bucket}` : sql``}
         order by case c.bucket when '90+' then 0 when '61-90' then 1 when '31-60' then 2 else 3 end,
                  coalesce(d.overdue_total, c.overdue_at_open) desc, c.id`,
  );
  const ids = rows.map((r) => r.case_id);
  const promises = ids.length
    ? await loadPromises(db, { operatorId: input.operatorId, today, where: sql`a.case_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})` })
    : [];
  const latest = new Map<string, (typeof promises)[number]>();
  for (const p of promises) latest.set(p.caseId, p); // ordered by created_at: the last wins
  return rows.map((r) => {
    const p = latest.get(r.case_id);
    return {
      caseId: r.case_id,
      loanId: r.loan_id,
      loanTitle: r.title,
      borrowerName: r.name,
      borrowerPhone: r.phone,
      bucket: r.bucket,
      daysPastDue: Number(r.dpd),
      overdueTotal: r.overdue,
      assignedToUserId: r.assignee,
      assignedToName: r.assignee_name,
      lastContactAt: r.last_contact ? new Date(r.last_contact) : null,
      promise: p ? { amount: p.amount, date: p.promiseDate, status: p.status } : null,
    };
  });
}
