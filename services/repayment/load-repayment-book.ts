import Decimal from "decimal.js";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { debtTransfers, investments, loanInstallments, loans, repayments } from "../../db/schema";
import { chart, getAccountsByCodes } from "../ledger";
import { pgArray } from "../ledger/db-helpers";
import type { LedgerAccount } from "../ledger/types";
import { Cny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import type { EarlierRepayment, InstallmentRow, LoanState, RepaymentBook } from "./plan-repayments";
import type { RepaymentSettings } from "./settings";

export type KnownAccounts = Map<string, LedgerAccount & { postedBalance: string | null }>;

/** Repayments of the operator already booked under any of these references (replays). */
export async function loadEarlierRepayments(tx: DbOrTx, operatorId: string, references: readonly string[]): Promise<EarlierRepayment[]> {
  return tx
    .select()
    .from(repayments)
    .where(and(eq(repayments.operatorId, operatorId), inArray(repayments.reference, [...new Set(references)])));
}

/**
 * What planning reads, for the batch's loans, under row locks taken in loan-id order
 * (loans, then their installments) so two batches touching the same loans queue instead
 * of deadlocking: loans, installments, holders (confirmed investors and buyers of sold transfers,
 * docs/decisions/2026-12-04-debt-transfer.md), and the ledger accounts the
 * entries will post to (claims with their balances, wallets, loan principal).
 */
export async function loadRepaymentBook(
  tx: DbOrTx,
  input: { operatorId: string; loanIds: readonly string[]; settings: RepaymentSettings },
): Promise<{ book: RepaymentBook; accounts: KnownAccounts }> {
  const { operatorId } = input;
  const loanIds = [...new Set(input.loanIds)].sort();
  if (loanIds.length === 0) {
    const book = { loans: new Map(), installmentsByLoan: new Map(), investorsByLoan: new Map(), claimBalances: new Map(), settings: input.settings };
    return { book, accounts: new Map() };
  }
  const loanRows: LoanState[] = await tx
    .select({ id: loans.id, borrowerUserId: loans.borrowerUserId, status: loans.status, serviceFeeRate: loans.serviceFeeRate, disbursedAt: loans.disbursedAt })
    .from(loans)
    .where(and(eq(loans.operatorId, operatorId), sql`${loans.id} = any(${pgArray(loanIds)}::uuid[])`))
    .orderBy(asc(loans.id))
    .for("update");
  const loanById = new Map(loanRows.map((l) => [l.id, l]));
  for (const id of loanIds) {
    const loan = loanById.get(id);
    if (!loan) throw new DomainError("repayment.loan_not_found", { details: { loanId: id } });
    if (loan.status !== "disbursed" && loan.status !== "closed") throw new DomainError("repayment.loan_not_disbursed", { details: { loanId: id } });
  }
  const installmentsByLoan = await lockInstallments(tx, loanIds);
  const holders = await loadHolders(tx, loanIds);
  const investorsByLoan = new Map<string, string[]>();
  for (const h of holders) investorsByLoan.set(h.loanId, [...(investorsByLoan.get(h.loanId) ?? []), h.investorUserId]);

  const codes: string[] = [];
  for (const h of holders) codes.push(chart.claim(h.investorUserId, h.loanId).code, chart.walletAvailable(h.investorUserId).code);
  for (const loan of loanRows) codes.push(chart.loanPrincipal(loan.id).code, chart.walletAvailable(loan.borrowerUserId).code);
  const accounts: KnownAccounts = await getAccountsByCodes(tx, { operatorId, codes });
  const claimBalances = new Map<string, Decimal>();
  for (const h of holders) {
    const code = chart.claim(h.investorUserId, h.loanId).code;
    claimBalances.set(code, new Cny(accounts.get(code)?.postedBalance ?? "0"));
  }
  return { book: { loans: loanById, installmentsByLoan, investorsByLoan, claimBalances, settings: input.settings }, accounts };
}

/**
 * Who may hold a claim on each loan: its confirmed investors and the buyers of its sold debt transfers,
 * each once. Their claim balances (read under the loans' locks, which transfers take too) are the weights.
 */
async function loadHolders(tx: DbOrTx, loanIds: readonly string[]): Promise<{ loanId: string; investorUserId: string }[]> {
  const invested = await tx
    .selectDistinct({ loanId: investments.loanId, investorUserId: investments.investorUserId })
    .from(investments)
    .where(and(sql`${investments.loanId} = any(${pgArray(loanIds)}::uuid[])`, eq(investments.status, "confirmed")));
  const bought = await tx
    .selectDistinct({ loanId: debtTransfers.loanId, investorUserId: sql<string>`${debtTransfers.buyerUserId}` })
    .from(debtTransfers)
    .where(and(sql`${debtTransfers.loanId} = any(${pgArray(loanIds)}::uuid[])`, eq(debtTransfers.status, "sold")));
  const seen = new Set(invested.map((h) => `${h.loanId}|${h.investorUserId}`));
  return [...invested, ...bought.filter((h) => !seen.has(`${h.loanId}|${h.investorUserId}`) && seen.add(`${h.loanId}|${h.investorUserId}`))];
}

async function lockInstallments(tx: DbOrTx, loanIds: readonly string[]): Promise<Map<string, InstallmentRow[]>> {
  const rows = await tx
    .select()
    .from(loanInstallments)
    .where(sql`${loanInstallments.loanId} = any(${pgArray(loanIds)}::uuid[])`)
    .orderBy(asc(loanInstallments.loanId), asc(loanInstallments.n))
    .for("update");
  const byLoan = new Map<string, InstallmentRow[]>();
  for (const row of rows) byLoan.set(row.loanId, [...(byLoan.get(row.loanId) ?? []), { ...row }]);
  return byLoan;
}
