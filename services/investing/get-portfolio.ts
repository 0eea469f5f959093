import type Decimal from "decimal.js";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { autoInvestRules, debtTransfers, investments, loanInstallments, loans, products } from "../../db/schema";
import { chart, getAccountByCode, getBalance } from "../ledger";
import { queryRows } from "../ledger/db-helpers";
import { Cny, ZERO_CNY } from "../ledger/money";
import { buildSchedule, type Loan } from "../lending";
import { beijingDate } from "../shared/calendar";
import { expectedReturns, type ExpectedInstallment } from "./expected-returns";
import { getWallet, type WalletSummary } from "./get-wallet";
import { addTradedPositions, positionsByLoan, totalsReceivedByLoan, type AutoInvested, type LoanPosition, type PendingInvestment } from "./portfolio-positions";
import { overdueDays, remainingReturns, type OwedInstallment } from "./remaining-returns";
import { xirr, type CashFlow } from "./xirr";

export interface Holding {
  loanId: string;
  titleZh: string;
  productNameZh: string;
  productNameEn: string;
  loanStatus: Loan["status"];
  annualRate: string;
  termMonths: number;
  method: Loan["method"];
  riskLevel: Loan["riskLevel"];
  /** Principal committed or lent (pending and confirmed investments). */
  principal: string;
  /** Still owed to the investor: the claim's balance once disbursed, else what is committed. */
  outstandingPrincipal: string;
  investmentCount: number;
  pending: boolean;
  /** Investments still reserved while the loan funds (each may be cancelled: cancel-investment.ts). */
  pendingInvestments: PendingInvestment[];
  /** Expected payments still to come (net of the service fee); due dates once disbursed. */
  expected: ExpectedInstallment[];
  expectedInterest: string;
  receivedPrincipal: string;
  receivedInterest: string;
  /** The investments in this loan that auto-invest rules made, each with its rule's name. */
  byRules: AutoInvested[];
  /** Days the borrower is behind on this loan (逾期), from the earliest unsettled past-due installment; null when current. */
  overdueDays: number | null;
}

export interface ReceivedReturn {
  entryId: string;
  at: Date;
  loanId: string | null;
  loanTitleZh: string | null;
  principal: string;
  interest: string;
  total: string;
}

export interface Portfolio {
  wallet: { available: string; reserved: string; held: string; cash: string };
  holdings: Holding[];
  /** Investments voided because their loan failed to fund, or cancelled by the investor (`cancelled`) (history). */
  voided: Array<{ loanId: string; titleZh: string; amount: string; resolvedAt: Date | null; cancelled: boolean }>;
  received: ReceivedReturn[];
  totals: {
    principal: string;
    outstandingPrincipal: string;
    receivedPrincipal: string;
    receivedInterest: string;
    expectedInterest: string;
    /** Cash + outstanding principal. */
    totalAssets: string;
  };
  /** Money-weighted annual return of the whole account (idle cash included), e.g. "0.0523"; null when not computable yet. */
  xirr: string | null;
}

interface ReturnRow {
  entry_id: string;
  created_at: string;
  total: string;
  principal: string;
  claim_code: string | null;
  principal_code: string | null;
}

/**
 * Portfolio and returns (回款记录), from the loans, the investments and the ledger:
 * - received returns are read from the ledger: entries with cause `repayment` crediting
 *   the investor's wallet:available; the principal part is the same entry's debit of the
 *   investor's `claim:<user>:<loan>`, the rest is interest (already net of the fee); the
 *   loan is the one that claim (or a `loan:principal:<loan>` posting) names;
 * - expected payments are the investor's share of the loan schedule (expectedReturns);
 * - XIRR takes every top-up as money in and every withdrawal paid as money out, and the
 *   investor's whole balance today (cash, idle or not, plus claims) as the final flow,
 *   so idle cash drags the return down as it should.
 */
export async function getPortfolio(db: DbOrTx, input: { operatorId: string; userId: string; now?: Date }): Promise<Portfolio> {
  const now = input.now ?? new Date();
  const today = beijingDate(now);
  const wallet: WalletSummary = await getWallet(db, input);

  const rows = await db
    .select({ investment: investments, loan: loans, productNameZh: products.nameZh, productNameEn: products.nameEn, ruleName: autoInvestRules.name })
    .from(investments)
    .innerJoin(loans, eq(loans.id, investments.loanId))
    .innerJoin(products, eq(products.id, loans.productId))
    .leftJoin(autoInvestRules, eq(autoInvestRules.id, investments.autoInvestRuleId))
    .where(and(eq(investments.operatorId, input.operatorId), eq(investments.investorUserId, input.userId)))
    .orderBy(asc(investments.createdAt));

  const received = await receivedReturns(db, input);
  const receivedByLoan = totalsReceivedByLoan(received);
  const { byLoan, voided } = positionsByLoan(rows);
  addTradedPositions(byLoan, await tradedRows(db, input), input.userId);
  const owed = await owedInstallments(db, [...byLoan.values()].filter((p) => p.loan.disbursedAt).map((p) => p.loan.id));
  const holdings: Holding[] = [];
  for (const position of byLoan.values()) {
    const got = receivedByLoan.get(position.loan.id) ?? { principal: ZERO_CNY, interest: ZERO_CNY };
    holdings.push(await holdingOf(db, { operatorId: input.operatorId, userId: input.userId, today, owed: owed.get(position.loan.id) ?? [] }, position, got));
  }

  const sum = (values: Iterable<string>) => [...values].reduce((acc, v) => acc.plus(v), ZERO_CNY);
  const outstandingTotal = sum(holdings.map((h) => h.outstandingPrincipal));
  // Committed-but-not-disbursed principal is still cash (reserved), so count it once.
  const claimsOnly = sum(holdings.filter((h) => h.loanStatus === "disbursed" || h.loanStatus === "closed").map((h) => h.outstandingPrincipal));
  const totalAssets = wallet.cashCny.plus(claimsOnly);

  return {
    wallet: { available: wallet.availableCny.toFixed(2), reserved: wallet.reservedCny.toFixed(2), held: wallet.heldCny.toFixed(2), cash: wallet.cashCny.toFixed(2) },
    holdings,
    voided,
    received,
    totals: {
      principal: sum(holdings.map((h) => h.principal)).toFixed(2),
      outstandingPrincipal: outstandingTotal.toFixed(2),
      receivedPrincipal: sum(received.map((r) => r.principal)).toFixed(2),
      receivedInterest: sum(received.map((r) => r.interest)).toFixed(2),
      expectedInterest: sum(holdings.map((h) => h.expectedInterest)).toFixed(2),
      totalAssets: totalAssets.toFixed(2),
    },
    xirr: await accountXirr(db, { ...input, now }),
  };
}

/** The sold debt transfers (services/transfers) the investor bought or sold, with their loans. */
async function tradedRows(db: DbOrTx, input: { operatorId: string; userId: string }) {
  return db
    .select({ sellerUserId: debtTransfers.sellerUserId, buyerUserId: debtTransfers.buyerUserId, principal: debtTransfers.principal, loan: loans, productNameZh: products.nameZh, productNameEn: products.nameEn })
    .from(debtTransfers)
    .innerJoin(loans, eq(loans.id, debtTransfers.loanId))
    .innerJoin(products, eq(products.id, loans.productId))
    .where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.status, "sold"), or(eq(debtTransfers.sellerUserId, input.userId), eq(debtTransfers.buyerUserId, input.userId))))
    .orderBy(asc(debtTransfers.soldAt));
}

/** One loan's holding: the claim's balance once disbursed, the investor's share of the payments still to come, what came back. */
async function holdingOf(
  db: DbOrTx,
  input: { operatorId: string; userId: string; today: string; owed: OwedInstallment[] },
  { loan, zh, en, principal, count, pending, pendingInvestments, byRules, traded }: LoanPosition,
  got: { principal: Decimal; interest: Decimal },
): Promise<Holding> {
  const { today } = input;
  let outstanding = principal;
  if (loan.status === "disbursed" || loan.status === "closed") {
    const claim = await getAccountByCode(db, { operatorId: input.operatorId, code: chart.claim(input.userId, loan.id).code });
    outstanding = claim ? (await getBalance(db, { operatorId: input.operatorId, accountId: claim.id })).postedCny : ZERO_CNY;
  }
  const schedule = buildSchedule({
    principalCny: new Cny(loan.amount).toFixed(2),
    annualRate: loan.annualRate,
    termMonths: loan.termMonths,
    method: loan.method,
    ...(loan.disbursedAt ? { startDate: beijingDate(loan.disbursedAt) } : {}),
  });
  const share = expectedReturns({ schedule, loanAmountCny: loan.amount, principalCny: principal.toFixed(2), serviceFeeRate: loan.serviceFeeRate });
  // Still to come: before disbursement the whole schedule's share; after it, the share of what the borrower
  // still owes on each installment (paid ones drop out, however early they were paid); closed loans expect nothing.
  const expected =
    loan.status === "closed"
      ? []
      : input.owed.length > 0
        ? remainingReturns({ installments: input.owed, loanAmountCny: loan.amount, principalCny: (traded ? shareOfLoan(input.owed, loan.amount, outstanding) : principal).toFixed(2), outstandingPrincipalCny: outstanding.toFixed(2), serviceFeeRate: loan.serviceFeeRate })
        : loan.disbursedAt
          ? share.installments.filter((i) => !i.dueDate || i.dueDate >= today)
          : share.installments;
  const expectedInterest = expected.reduce((sum, i) => sum.plus(i.interest), ZERO_CNY);
  return {
    loanId: loan.id,
    titleZh: loan.titleZh,
    productNameZh: zh,
    productNameEn: en,
    loanStatus: loan.status,
    annualRate: loan.annualRate,
    termMonths: loan.termMonths,
    method: loan.method,
    riskLevel: loan.riskLevel,
    principal: principal.toFixed(2),
    outstandingPrincipal: outstanding.toFixed(2),
    investmentCount: count,
    pending,
    pendingInvestments: loan.status === "funding" ? pendingInvestments : [],
    expected,
    expectedInterest: expectedInterest.toFixed(2),
    receivedPrincipal: got.principal.toFixed(2),
    receivedInterest: got.interest.toFixed(2),
    byRules,
    overdueDays: loan.status === "disbursed" ? overdueDays(input.owed, input.today) : null,
  };
}

/**
 * After a debt transfer the investor's share of what the borrower still owes is their claim over the
 * loan's unpaid principal, as an amount of the original loan (what remainingReturns weighs by).
 */
function shareOfLoan(owed: readonly OwedInstallment[], loanAmountCny: string, claimCny: Decimal): Decimal {
  const unpaid = owed.reduce((sum, i) => sum.plus(i.principal).minus(i.principalPaid), ZERO_CNY);
  return unpaid.isZero() ? ZERO_CNY : claimCny.times(loanAmountCny).div(unpaid);
}

/** The schedules (loan_installments) of the investor's disbursed loans, in one query, by loan. */
async function owedInstallments(db: DbOrTx, loanIds: string[]): Promise<Map<string, OwedInstallment[]>> {
  const byLoan = new Map<string, OwedInstallment[]>();
  if (loanIds.length === 0) return byLoan;
  const rows = await db
    .select({
      loanId: loanInstallments.loanId,
      n: loanInstallments.n,
      dueDate: loanInstallments.dueDate,
      principal: loanInstallments.principal,
      interest: loanInstallments.interest,
      principalPaid: loanInstallments.principalPaid,
      interestPaid: loanInstallments.interestPaid,
      interestWaived: loanInstallments.interestWaived,
    })
    .from(loanInstallments)
    .where(inArray(loanInstallments.loanId, loanIds));
  for (const { loanId, ...row } of rows) byLoan.set(loanId, [...(byLoan.get(loanId) ?? []), row]);
  return byLoan;
}

async function receivedReturns(db: DbOrTx, input: { operatorId: string; userId: string }): Promise<ReceivedReturn[]> {
  const walletCode = chart.walletAvailable(input.userId).code;
  const claimPrefix = `claim:${input.userId}:`;
  const rows = await queryRows<ReturnRow>(
    db,
    sql`select e.id::text as entry_id, e.created_at,
               (-w.amount)::text as total,
               coalesce((select sum(p.amount) from ledger_postings p join ledger_accounts a on a.id = p.account_id
                          where p.entry_id = e.id and starts_with(a.code, ${claimPrefix}) and p.amount > 0), 0)::text as principal,
               (select a.code from ledger_postings p join ledger_accounts a on a.id = p.account_id
                 where p.entry_id = e.id and starts_with(a.code, ${claimPrefix}) limit 1) as claim_code,
               (select a.code from ledger_postings p join ledger_accounts a on a.id = p.account_id
                 where p.entry_id = e.id and starts_with(a.code, 'loan:principal:') limit 1) as principal_code
          from ledger_entries e
          join ledger_postings w on w.entry_id = e.id
          join ledger_accounts wa on wa.id = w.account_id
         where e.operator_id = ${input.operatorId}::uuid and e.cause_type = 'repayment'
           and wa.operator_id = ${input.operatorId}::uuid and wa.code = ${walletCode} and w.amount < 0
         order by e.created_at desc, e.id
         limit 500`,
  );
  const loanIds = new Set<string>();
  const parsed = rows.map((row) => {
    const loanId = row.claim_code ? row.claim_code.slice(claimPrefix.length) : row.principal_code ? row.principal_code.slice("loan:principal:".length) : null;
    if (loanId) loanIds.add(loanId);
    const total = new Cny(row.total);
    const principal = new Cny(row.principal);
    return { entryId: row.entry_id, at: new Date(row.created_at), loanId, principal, interest: total.minus(principal), total };
  });
  const titles = new Map<string, string>();
  if (loanIds.size > 0) {
    for (const l of await db.select({ id: loans.id, titleZh: loans.titleZh }).from(loans).where(inArray(loans.id, [...loanIds]))) titles.set(l.id, l.titleZh);
  }
  return parsed.map((r) => ({
    entryId: r.entryId,
    at: r.at,
    loanId: r.loanId,
    loanTitleZh: r.loanId ? (titles.get(r.loanId) ?? null) : null,
    principal: r.principal.toFixed(2),
    interest: r.interest.toFixed(2),
    total: r.total.toFixed(2),
  }));
}

/** External flows (top-ups in, withdrawals out, adjustments) and today's whole balance as the last flow. */
async function accountXirr(db: DbOrTx, input: { operatorId: string; userId: string; now: Date }): Promise<string | null> {
  const flows = await queryRows<{ created_at: string; flow: string }>(
    db,
    sql`select e.created_at, sum(p.amount)::text as flow
          from ledger_postings p
          join ledger_accounts a on a.id = p.account_id
          join ledger_entries e on e.id = p.entry_id
         where a.operator_id = ${input.operatorId}::uuid and a.owner_user_id = ${input.userId}::uuid
           and e.cause_type in ('top_up', 'withdrawal', 'adjustment')
         group by e.id, e.created_at
        having sum(p.amount) <> 0
         order by e.created_at
         limit 2000`,
  );
  const [balance] = await queryRows<{ total: string }>(
    db,
    sql`select (-coalesce(sum(p.amount), 0))::text as total
          from ledger_postings p join ledger_accounts a on a.id = p.account_id
         where a.operator_id = ${input.operatorId}::uuid and a.owner_user_id = ${input.userId}::uuid`,
  );
  // Liability postings: a credit (negative) is money the investor put in, so the flow is the posting's sign.
  const cashFlows: CashFlow[] = flows.map((f) => ({ at: new Date(f.created_at), amountCny: new Cny(f.flow) }));
  const final = new Cny(balance?.total ?? "0");
  if (!final.isZero()) cashFlows.push({ at: input.now, amountCny: final });
  const rate = xirr(cashFlows);
  return rate ? rate.toDecimalPlaces(4, 4).toFixed(4) : null;
}
