import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { chart } from "../ledger/chart";
import { dateFromDb, pgArray, queryRows } from "../ledger/db-helpers";
import { readAccountsForPosting, type AccountForPosting } from "../ledger/lock-accounts";
import { fenFromCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import type { EarlierRepayment, InstallmentRow, LoanState, RepaymentBook } from "./plan-repayments";
import type { RepaymentSettings } from "./settings";

/** The accounts the batch posts to, by code, as read once for the whole batch (postEntries takes them as `known`). */
export type KnownAccounts = Map<string, AccountForPosting>;

/**
 * Repayments of the operator already booked under any of these (source, reference) pairs
 * (replays). One probe of the (operator, source, reference) unique index per pair: written as
 * `reference in (…)` the planner, which cannot know the batch's references are new, filtered
 * every repayment of the source instead (22 ms a 500-request batch after 100,000 repayments,
 * growing with the book).
 */
export async function loadEarlierRepayments(
  tx: DbOrTx,
  operatorId: string,
  keys: readonly { source: string; reference: string }[],
): Promise<EarlierRepayment[]> {
  const unique = [...new Map(keys.map((k) => [`${k.source}|${k.reference}`, k])).values()];
  if (unique.length === 0) return [];
  const rows = await queryRows<{
    id: string; loan_id: string; source: string; reference: string; amount: string; penalty: string;
    interest: string; principal: string; overpayment: string; entry_ids: string;
  }>(
    tx,
    sql`select r.id::text as id, r.loan_id::text as loan_id, r.source::text as source, r.reference, r.amount::text as amount,
               r.penalty::text as penalty, r.interest::text as interest, r.principal::text as principal,
               r.overpayment::text as overpayment, r.entry_ids::text as entry_ids
          from unnest(${pgArray(unique.map((k) => k.source))}::text[], ${pgArray(unique.map((k) => k.reference))}::text[]) as k(source, reference)
          cross join lateral (select * from repayments x
                               where x.operator_id = ${operatorId}::uuid and x.source = k.source::repayment_source and x.reference = k.reference
                               limit 1) r`,
  );
  return rows.map((r) => ({
    id: r.id,
    loanId: r.loan_id,
    source: r.source,
    reference: r.reference,
    amount: r.amount,
    penalty: r.penalty,
    interest: r.interest,
    principal: r.principal,
    overpayment: r.overpayment,
    entryIds: JSON.parse(r.entry_ids) as unknown,
  }));
}

/** Which installments a batch may change, so only those are row-locked (see lockInstallments). */
export interface InstallmentsToLock {
  /** The latest day any of the batch's payments counts as (its Beijing date): unpaid installments due by then. */
  dueBy: string;
  /** Loans with a payoff request: every unpaid installment. */
  payoffLoanIds: ReadonlySet<string>;
}

/**
 * What planning reads, for the batch's loans, under row locks taken in loan-id order
 * (loans, then the installments the batch may change) so two batches touching the same loans
 * queue instead of deadlocking: loans, installments, holders (confirmed investors and buyers of
 * sold transfers, docs/decisions/2026-12-04-debt-transfer.md), and the ledger accounts the
 * entries will post to (claims with their balances, wallets, loan principal, and `extraCodes`:
 * the channels' source accounts and revenue), read once for planning and for the ledger.
 */
export async function loadRepaymentBook(
  tx: DbOrTx,
  input: {
    operatorId: string;
    loanIds: readonly string[];
    settings: RepaymentSettings;
    lock: InstallmentsToLock;
    /** Codes of further accounts the entries will post to (sources, revenue), from the locked loans. */
    extraCodes?: (loans: ReadonlyMap<string, LoanState>) => Iterable<string>;
  },
): Promise<{ book: RepaymentBook; accounts: KnownAccounts }> {
  const { operatorId } = input;
  const loanIds = [...new Set(input.loanIds)].sort();
  if (loanIds.length === 0) {
    const book = { loans: new Map(), installmentsByLoan: new Map(), investorsByLoan: new Map(), claimBalances: new Map(), settings: input.settings };
    return { book, accounts: new Map() };
  }
  const loanById = await lockLoans(tx, operatorId, loanIds);
  const installmentsByLoan = await lockInstallments(tx, loanIds, input.lock);
  const holders = await loadHolders(tx, loanIds);
  const investorsByLoan = new Map<string, string[]>();
  for (const h of holders) {
    const list = investorsByLoan.get(h.loanId);
    if (list) list.push(h.investorUserId);
    else investorsByLoan.set(h.loanId, [h.investorUserId]);
  }

  const codes: string[] = [...(input.extraCodes?.(loanById) ?? [])];
  for (const h of holders) codes.push(chart.claim(h.investorUserId, h.loanId).code, chart.walletAvailable(h.investorUserId).code);
  for (const loan of loanById.values()) codes.push(chart.loanPrincipal(loan.id).code, chart.walletAvailable(loan.borrowerUserId).code);
  const accounts: KnownAccounts = await readAccountsForPosting(tx, operatorId, codes);
  const claimBalances = new Map<string, bigint>();
  for (const h of holders) {
    const code = chart.claim(h.investorUserId, h.loanId).code;
    const posted = accounts.get(code)?.postedCny;
    claimBalances.set(code, posted ? fenFromCny(posted) : 0n);
  }
  return { book: { loans: loanById, installmentsByLoan, investorsByLoan, claimBalances, settings: input.settings }, accounts };
}

async function lockLoans(tx: DbOrTx, operatorId: string, loanIds: readonly string[]): Promise<Map<string, LoanState>> {
  const rows = await queryRows<{ id: string; borrower_user_id: string; status: string; service_fee_rate: string; disbursed_at: string | Date | null }>(
    tx,
    sql`select id::text as id, borrower_user_id::text as borrower_user_id, status::text as status, service_fee_rate::text as service_fee_rate, disbursed_at
          from loans where operator_id = ${operatorId}::uuid and id = any(${pgArray(loanIds)}::uuid[])
         order by id for update`,
  );
  const loanById = new Map<string, LoanState>();
  for (const r of rows) {
    loanById.set(r.id, { id: r.id, borrowerUserId: r.borrower_user_id, status: r.status, serviceFeeRate: r.service_fee_rate, disbursedAt: r.disbursed_at === null ? null : dateFromDb(r.disbursed_at) });
  }
  for (const id of loanIds) {
    const loan = loanById.get(id);
    if (!loan) throw new DomainError("repayment.loan_not_found", { details: { loanId: id } });
    if (loan.status !== "disbursed" && loan.status !== "closed") throw new DomainError("repayment.loan_not_disbursed", { details: { loanId: id } });
  }
  return loanById;
}

/**
 * Who may hold a claim on each loan: its confirmed investors and the buyers of its sold debt transfers,
 * each once. Their claim balances (read under the loans' locks, which transfers take too) are the weights.
 */
async function loadHolders(tx: DbOrTx, loanIds: readonly string[]): Promise<{ loanId: string; investorUserId: string }[]> {
  const rows = await queryRows<{ loan_id: string; investor: string }>(
    tx,
    sql`select distinct loan_id::text as loan_id, investor_user_id::text as investor from investments
         where loan_id = any(${pgArray(loanIds)}::uuid[]) and status = 'confirmed'
        union
        select distinct loan_id::text, buyer_user_id::text from debt_transfers
         where loan_id = any(${pgArray(loanIds)}::uuid[]) and status = 'sold'`,
  );
  return rows.map((r) => ({ loanId: r.loan_id, investorUserId: r.investor }));
}

interface InstallmentDbRow {
  id: string;
  loan_id: string;
  n: number;
  due_date: string;
  principal: string;
  interest: string;
  principal_paid: string;
  interest_paid: string;
  interest_waived: string;
  penalty_accrued: string;
  penalty_paid: string;
  status: string;
  paid_at: string | Date | null;
}

const INSTALLMENT_COLUMNS = sql.raw(`i.id::text as id, i.loan_id::text as loan_id, i.n, i.due_date, i.principal::text as principal, i.interest::text as interest,
  i.principal_paid::text as principal_paid, i.interest_paid::text as interest_paid, i.interest_waived::text as interest_waived,
  i.penalty_accrued::text as penalty_accrued, i.penalty_paid::text as penalty_paid, i.status::text as status, i.paid_at`);

/**
 * Every installment of the loans, row-locking (in loan, n order, after the loans' locks) only
 * those the batch may change: unpaid and due by `dueBy`, each loan's first unpaid one (a payment
 * ahead of time goes there), and every unpaid one of a payoff. The rest are settled or not yet
 * due and are read as they are: nothing else changes them without the loan's lock except penalty
 * accrual, which only touches unpaid installments already past due. The writer asserts that every
 * installment it changes was locked here.
 */
async function lockInstallments(tx: DbOrTx, loanIds: readonly string[], lock: InstallmentsToLock): Promise<Map<string, InstallmentRow[]>> {
  const ids = pgArray(loanIds);
  const locked = await queryRows<{ id: string }>(
    tx,
    sql`select i.id::text as id from loan_installments i
         where i.loan_id = any(${ids}::uuid[]) and i.status <> 'paid'
           and (i.due_date <= ${lock.dueBy} or i.loan_id = any(${pgArray(lock.payoffLoanIds)}::uuid[])
                or (i.loan_id, i.n) in (select distinct on (j.loan_id) j.loan_id, j.n from loan_installments j
                                         where j.loan_id = any(${ids}::uuid[]) and j.status <> 'paid' order by j.loan_id, j.n))
         order by i.loan_id, i.n
           for update`,
  );
  const lockedIds = new Set(locked.map((r) => r.id));
  // A statement of its own after the locks: under READ COMMITTED it sees the locked rows' latest versions.
  const rows = await queryRows<InstallmentDbRow>(tx, sql`select ${INSTALLMENT_COLUMNS} from loan_installments i where i.loan_id = any(${ids}::uuid[])`);
  const byLoan = new Map<string, InstallmentRow[]>();
  for (const r of rows) {
    const row: InstallmentRow = {
      id: r.id,
      loanId: r.loan_id,
      n: r.n,
      dueDate: r.due_date,
      principal: r.principal,
      interest: r.interest,
      principalPaid: r.principal_paid,
      interestPaid: r.interest_paid,
      interestWaived: r.interest_waived,
      penaltyAccrued: r.penalty_accrued,
      penaltyPaid: r.penalty_paid,
      status: r.status,
      paidAt: r.paid_at === null ? null : dateFromDb(r.paid_at),
      locked: lockedIds.has(r.id),
    };
    const list = byLoan.get(r.loan_id);
    if (list) list.push(row);
    else byLoan.set(r.loan_id, [row]);
  }
  for (const list of byLoan.values()) list.sort((a, b) => a.n - b.n);
  return byLoan;
}
