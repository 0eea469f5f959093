import type Decimal from "decimal.js";
import { and, asc, eq, min } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { debtTransfers, investments, loanInstallments, loans } from "../../db/schema";
import { chart, getAccountByCode, getBalance } from "../ledger";
import { ZERO_CNY } from "../ledger/money";
import type { Loan } from "../lending";
import { computeDelinquency } from "../repayment/compute-delinquency";
import type { InstallmentState } from "../repayment/compute-due";
import { DomainError } from "../shared/errors";

/** The loan row locked FOR UPDATE: the lock repayment takes, so transfers and repayments of a loan queue. */
export async function lockLoan(tx: DbOrTx, operatorId: string, loanId: string): Promise<Loan> {
  const [loan] = await tx.select().from(loans).where(and(eq(loans.operatorId, operatorId), eq(loans.id, loanId))).for("update");
  if (!loan) throw new DomainError("transfer.not_found");
  return loan;
}

export async function installmentsOf(db: DbOrTx, loanId: string): Promise<InstallmentState[]> {
  return db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loanId)).orderBy(asc(loanInstallments.n));
}

/** The holder's outstanding principal in the loan: their claim account's balance (the one source of truth). */
export async function claimBalance(db: DbOrTx, operatorId: string, userId: string, loanId: string): Promise<Decimal> {
  const account = await getAccountByCode(db, { operatorId, code: chart.claim(userId, loanId).code });
  return account ? (await getBalance(db, { operatorId, accountId: account.id })).postedCny : ZERO_CNY;
}

/** Since when the person holds the loan: its disbursement (they funded it) or their first purchase of it. */
export async function holdingSince(db: DbOrTx, input: { loan: Loan; userId: string }): Promise<Date | null> {
  const { loan, userId } = input;
  const [funded] = await db
    .select({ id: investments.id })
    .from(investments)
    .where(and(eq(investments.loanId, loan.id), eq(investments.investorUserId, userId), eq(investments.status, "confirmed")))
    .limit(1);
  if (funded && loan.disbursedAt) return loan.disbursedAt;
  const [bought] = await db
    .select({ at: min(debtTransfers.soldAt) })
    .from(debtTransfers)
    .where(and(eq(debtTransfers.loanId, loan.id), eq(debtTransfers.buyerUserId, userId), eq(debtTransfers.status, "sold")));
  return bought?.at ?? null;
}

/** Why a loan's claims cannot change hands today, if they cannot: not repaying (funding, closed) or overdue. */
export function untradableReason(loan: Pick<Loan, "status" | "disbursedAt">, installments: readonly InstallmentState[], today: string): "loan_closed" | "loan_not_repaying" | "loan_overdue" | null {
  if (loan.status === "closed") return "loan_closed";
  if (loan.status !== "disbursed" || !loan.disbursedAt) return "loan_not_repaying";
  if (computeDelinquency(installments, today).daysPastDue > 0) return "loan_overdue";
  return null;
}

/** Throws when the loan's claims cannot change hands today. */
export function assertTradable(loan: Pick<Loan, "status" | "disbursedAt">, installments: readonly InstallmentState[], today: string): void {
  const reason = untradableReason(loan, installments, today);
  if (reason === "loan_overdue") throw new DomainError("transfer.loan_overdue");
  if (reason) throw new DomainError("transfer.loan_not_repaying");
}
