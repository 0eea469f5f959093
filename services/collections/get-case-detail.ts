import { asc, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { collectionActivities, loanInstallments, repayments, users } from "../../db/schema";
import { queryRows } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { revealPersonalData } from "../audit";
import { maskName } from "../shared/mask-name";
import { maskPhone } from "../shared/mask-phone";
import { DomainError } from "../shared/errors";
import { caseForWork, type CollectionsActor } from "./case-access";
import { contactRules, contactsToday, withinContactHours, type ContactHours } from "./contact-rules";
import { loadPromises } from "./promise-status";
import { owedByInstallment } from "./installment-owed";
import { listCollectors } from "./teams";

/**
 * Everything a collector needs on one case: borrower (full phone only for the assigned
 * collector, ID number only masked), the loan and its installments with what is owed of
 * principal, interest and penalty (还款明细), repayments, the timeline with each
 * promise's state, and whether a contact is allowed right now. Showing the borrower's
 * full name (and the assignee's full phone) is a view of personal data: it passes the
 * operator's reason gate and is audited (audit/reveal-personal-data.ts); until then both are masked.
 */
export async function getCaseDetail(
  db: DbOrTx,
  input: { operatorId: string; caseId: string; actor: CollectionsActor; now?: Date; hoursOverride?: ContactHours | null; reason?: string | null },
) {
  const now = input.now ?? new Date();
  const today = beijingDate(now);
  const theCase = await caseForWork(db, input);
  const info = await loadCaseLoan(db, theCase.loanId);
  if (!info) throw new DomainError("collections.case_not_found");
  const installments = await db.select().from(loanInstallments).where(eq(loanInstallments.loanId, theCase.loanId)).orderBy(asc(loanInstallments.n));
  const paid = await db.select().from(repayments).where(eq(repayments.loanId, theCase.loanId)).orderBy(desc(repayments.receivedAt));
  const activities = await db
    .select({ a: collectionActivities, byName: users.name, byPhone: users.phone })
    .from(collectionActivities)
    .innerJoin(users, eq(users.id, collectionActivities.byUserId))
    .where(eq(collectionActivities.caseId, theCase.id))
    .orderBy(desc(collectionActivities.createdAt), desc(collectionActivities.id));
  const promises = new Map((await loadPromises(db, { operatorId: input.operatorId, today, where: sql`a.case_id = ${theCase.id}::uuid` })).map((p) => [p.activityId, p]));
  const rules = await contactRules(db, input.operatorId, input.hoursOverride);
  const todayCount = await contactsToday(db, { operatorId: input.operatorId, borrowerUserId: theCase.borrowerUserId, at: now });
  const isAssignee = theCase.assignedToUserId === input.actor.userId;
  const reveal = await revealPersonalData(db, {
    operatorId: input.operatorId,
    actorUserId: input.actor.userId,
    record: `collection_case:${theCase.id}`,
    subjectUserId: theCase.borrowerUserId,
    fields: isAssignee ? ["name", "phone"] : ["name"],
    reason: input.reason,
    now,
  });
  const collectors = input.actor.roles.includes("admin") ? await listCollectors(db, input.operatorId) : [];

  const rows = owedByInstallment(installments, today);
  const outstanding = rows.reduce((t, r) => t.plus(r.totalOwed), new Cny(0));

  return {
    case: {
      id: theCase.id,
      status: theCase.status,
      bucket: theCase.bucket,
      openedAt: theCase.openedAt,
      closedAt: theCase.closedAt,
      closedReason: theCase.closedReason,
      overdueAtOpen: theCase.overdueAtOpen,
      assignedToUserId: theCase.assignedToUserId,
      isAssignee,
    },
    borrower: borrowerView(info, isAssignee && reveal.revealed, reveal.revealed),
    reveal,
    loan: loanView(theCase.loanId, info, outstanding.toFixed(2)),
    installments: rows,
    repayments: paid.map((r) => ({
      id: r.id,
      receivedAt: r.receivedAt,
      source: r.source,
      amount: r.amount,
      principal: r.principal,
      interest: r.interest,
      penalty: r.penalty,
    })),
    timeline: timelineView(activities, promises),
    contact: {
      hours: rules.hours,
      cap: rules.perBorrowerPerDay,
      today: todayCount,
      allowedNow: withinContactHours(now, rules.hours) && todayCount < rules.perBorrowerPerDay,
    },
    collectors: collectors.map((c) => ({ userId: c.userId, name: c.name ?? maskPhone(c.phone), team: c.team })),
  };
}

export type CaseDetail = Awaited<ReturnType<typeof getCaseDetail>>;

type CaseLoan = {
  title: string;
  amount: string;
  annual_rate: string;
  term_months: number;
  method: string;
  disbursed_at: string | Date | null;
  loan_status: string;
  phone: string;
  user_name: string | null;
  full_name: string | null;
  id_masked: string | null;
  region: string | null;
  village: string | null;
  dpd: number | null;
  overdue_since: string | null;
  overdue_principal: string | null;
  overdue_total: string | null;
};

/** The loan, its borrower and application, and its delinquency, in one row. */
async function loadCaseLoan(db: DbOrTx, loanId: string): Promise<CaseLoan | undefined> {
  const [info] = await queryRows<CaseLoan>(
    db,
    sql`select l.title_zh as title, l.amount::text as amount, l.annual_rate::text as annual_rate, l.term_months, l.method::text as method,
               l.disbursed_at, l.status::text as loan_status, u.phone, u.name as user_name,
               app.full_name, app.id_number_masked as id_masked, app.region, app.village,
               d.days_past_due as dpd, d.overdue_since, d.overdue_principal::text as overdue_principal, d.overdue_total::text as overdue_total
          from loans l join users u on u.id = l.borrower_user_id
          left join loan_delinquency d on d.loan_id = l.id
          left join lateral (select * from loan_applications la where la.loan_id = l.id order by la.created_at desc limit 1) app on true
         where l.id = ${loanId}::uuid`,
  );
  return info;
}

/** The borrower as the case page shows them: the full phone only for the collector who holds the case, the name once revealed. */
function borrowerView(info: CaseLoan, fullPhone: boolean, revealed: boolean) {
  const name = info.full_name ?? info.user_name;
  return {
    name: revealed ? name : maskName(name),
    // Full number only for the collector who holds the case; everyone else sees it masked.
    phone: fullPhone ? info.phone : maskPhone(info.phone),
    phoneIsFull: fullPhone,
    idNumberMasked: info.id_masked,
    // The village narrows the person down: shown with the rest once revealed.
    region: (revealed ? [info.region, info.village] : [info.region]).filter(Boolean).join(" ") || null,
  };
}

function loanView(loanId: string, info: CaseLoan, outstanding: string) {
  return {
    id: loanId,
    title: info.title,
    amount: info.amount,
    annualRate: info.annual_rate,
    termMonths: info.term_months,
    method: info.method,
    status: info.loan_status,
    disbursedAt: info.disbursed_at ? new Date(info.disbursed_at) : null,
    daysPastDue: info.dpd ?? 0,
    overdueSince: info.overdue_since,
    overduePrincipal: info.overdue_principal ?? "0.00",
    overdueTotal: info.overdue_total ?? "0.00",
    outstanding,
  };
}

type Activity = { a: typeof collectionActivities.$inferSelect; byName: string | null; byPhone: string };

/** The case's activities, newest first, each promise with its state (kept, broken, open). */
function timelineView(activities: Activity[], promises: Map<string, Awaited<ReturnType<typeof loadPromises>>[number]>) {
  return activities.map(({ a, byName, byPhone }) => {
    const p = promises.get(a.id);
    return {
      id: a.id,
      kind: a.kind,
      at: a.createdAt,
      by: byName ?? maskPhone(byPhone),
      channel: a.contactChannel,
      outcome: a.contactOutcome,
      note: a.note,
      promise: p ? { amount: p.amount, date: p.promiseDate, status: p.status, paid: p.paid } : null,
    };
  });
}
