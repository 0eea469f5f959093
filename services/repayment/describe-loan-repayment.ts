import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, loans, repayments, settlementCertificates, stores } from "../../db/schema";
import { Cny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { computeDelinquency } from "./compute-delinquency";
import { quoteInstallmentsDue, quotePayoff } from "./compute-due";
import { loadInstallments } from "./load-installments";

/** The loan's number as the borrower knows it: the contract number of its application. */
export function loanNumber(loan: { id: string }, applicationId: string | null): string {
  return `JK${(applicationId ?? loan.id).replace(/-/g, "").slice(0, 12).toUpperCase()}`;
}

export interface DueLine {
  n: number;
  dueDate: string;
  principal: string;
  interest: string;
  penalty: string;
  total: string;
  /** Days past its due date on `asOf` (0 when not yet due). */
  daysOverdue: number;
}

export interface RepaymentLine {
  id: string;
  reference: string;
  source: string;
  kind: string;
  amount: string;
  penalty: string;
  interest: string;
  principal: string;
  overpayment: string;
  receivedAt: Date;
  storeCode: string | null;
  storeNameZh: string | null;
}

export interface LoanRepaymentView {
  loanId: string;
  loanNo: string;
  titleZh: string;
  amount: string;
  status: string;
  borrowerUserId: string;
  disbursedAt: Date | null;
  closedAt: Date | null;
  asOf: string;
  /**
   * What an ordinary payment today goes to: installments due on or before today. When
   * none is, the next installment (`ahead`: it may be paid early but is not due yet).
   */
  due: { lines: DueLine[]; total: string; overdueTotal: string; ahead: boolean };
  /** Early full settlement today (null once closed). */
  payoffTotal: string | null;
  outstandingPrincipal: string;
  daysPastDue: number;
  installments: { n: number; dueDate: string; principal: string; interest: string; penalty: string; paid: string; status: string }[];
  repayments: RepaymentLine[];
  certificate: { certificateNo: string; settledOn: string } | null;
}

/**
 * One loan's repayment picture on `now` (Beijing day): what is due (oldest first, with
 * penalty and days overdue), the payoff amount, the schedule, every repayment and the
 * settlement certificate when closed. Pure reading; the caller checks who may see it.
 */
export async function describeLoanRepayment(db: DbOrTx, input: { operatorId: string; loanId: string; now?: Date }): Promise<LoanRepaymentView> {
  if (!/^[0-9a-f-]{36}$/i.test(input.loanId)) throw new DomainError("repayment.loan_not_found");
  const [loan] = await db.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)));
  if (!loan) throw new DomainError("repayment.loan_not_found");
  if (loan.status !== "disbursed" && loan.status !== "closed") throw new DomainError("repayment.loan_not_disbursed");
  const [app] = await db.select({ id: loanApplications.id }).from(loanApplications).where(eq(loanApplications.loanId, loan.id)).limit(1);
  const asOf = beijingDate(input.now ?? new Date());
  const installments = await loadInstallments(db, loan.id);
  const open = loan.status === "disbursed";
  const quote = open ? quoteInstallmentsDue(installments, asOf) : null;
  const payoff = open ? quotePayoff(installments, asOf, beijingDate(loan.disbursedAt ?? new Date())) : null;
  const delinquency = computeDelinquency(installments, asOf);
  const lines: DueLine[] = (quote?.items ?? []).map((i) => ({
    n: i.n,
    dueDate: i.dueDate,
    principal: i.principal.toFixed(2),
    interest: i.interest.toFixed(2),
    penalty: i.penalty.toFixed(2),
    total: i.principal.plus(i.interest).plus(i.penalty).toFixed(2),
    daysOverdue: i.dueDate < asOf ? Math.round((Date.parse(asOf) - Date.parse(i.dueDate)) / 86_400_000) : 0,
  }));
  const history = await db
    .select({ r: repayments, storeCode: stores.code, storeNameZh: stores.nameZh })
    .from(repayments)
    .leftJoin(stores, eq(stores.id, repayments.storeId))
    .where(eq(repayments.loanId, loan.id))
    .orderBy(desc(repayments.receivedAt), desc(repayments.createdAt));
  const [certificate] = await db.select().from(settlementCertificates).where(eq(settlementCertificates.loanId, loan.id));
  return {
    loanId: loan.id,
    loanNo: loanNumber(loan, app?.id ?? null),
    titleZh: loan.titleZh,
    amount: loan.amount,
    status: loan.status,
    borrowerUserId: loan.borrowerUserId,
    disbursedAt: loan.disbursedAt,
    closedAt: loan.closedAt,
    asOf,
    due: { lines, total: (quote?.total ?? new Cny(0)).toFixed(2), overdueTotal: delinquency.overdueTotal.toFixed(2), ahead: lines.length > 0 && lines.every((l) => l.dueDate > asOf) },
    payoffTotal: payoff ? payoff.total.toFixed(2) : null,
    outstandingPrincipal: installments.reduce((t, i) => t.plus(i.principal).minus(i.principalPaid), new Cny(0)).toFixed(2),
    daysPastDue: delinquency.daysPastDue,
    installments: installments.map((i) => ({
      n: i.n,
      dueDate: i.dueDate,
      principal: i.principal,
      interest: new Cny(i.interest).minus(i.interestWaived).toFixed(2),
      penalty: new Cny(i.penaltyAccrued).toFixed(2),
      paid: new Cny(i.principalPaid).plus(i.interestPaid).plus(i.penaltyPaid).toFixed(2),
      status: i.status,
    })),
    repayments: history.map(({ r, storeCode, storeNameZh }) => ({
      id: r.id,
      reference: r.reference,
      source: r.source,
      kind: r.kind,
      amount: r.amount,
      penalty: r.penalty,
      interest: r.interest,
      principal: r.principal,
      overpayment: r.overpayment,
      receivedAt: r.receivedAt,
      storeCode,
      storeNameZh,
    })),
    certificate: certificate ? { certificateNo: certificate.certificateNo, settledOn: certificate.settledOn } : null,
  };
}

/** A borrower's disbursed and closed loans of this operator, newest first. */
export async function listBorrowerLoanIds(db: DbOrTx, input: { operatorId: string; borrowerUserId: string }): Promise<string[]> {
  const rows = await db
    .select({ id: loans.id })
    .from(loans)
    .where(and(eq(loans.operatorId, input.operatorId), eq(loans.borrowerUserId, input.borrowerUserId), inArray(loans.status, ["disbursed", "closed"])))
    .orderBy(desc(loans.disbursedAt), asc(loans.id));
  return rows.map((r) => r.id);
}
