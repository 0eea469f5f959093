import type Decimal from "decimal.js";
import type { investments } from "../../db/schema";
import { Cny, ZERO_CNY } from "../ledger/money";
import type { Loan } from "../lending";
import type { Portfolio, ReceivedReturn } from "./get-portfolio";

/** An investor's investments in one loan, added up (the portfolio shows one holding per loan). */
export type LoanPosition = {
  loan: Loan;
  zh: string;
  en: string;
  principal: Decimal;
  count: number;
  pending: boolean;
  pendingInvestments: PendingInvestment[];
  byRules: AutoInvested[];
  /** Part of it changed hands on the debt transfer market (bought or sold): the share of the schedule is the claim's, not the investment's. */
  traded: boolean;
};

/** A sold debt transfer the investor is a party to (services/transfers). */
export type TradedRow = { sellerUserId: string; buyerUserId: string | null; principal: string; loan: Loan; productNameZh: string; productNameEn: string };

/** Adds what the investor bought on the transfer market to their positions (a holding of its own when they never invested) and marks traded loans. */
export function addTradedPositions(byLoan: Map<string, LoanPosition>, traded: readonly TradedRow[], userId: string): void {
  for (const row of traded) {
    const entry = byLoan.get(row.loan.id) ?? { loan: row.loan, zh: row.productNameZh, en: row.productNameEn, principal: ZERO_CNY, count: 0, pending: false, pendingInvestments: [], byRules: [], traded: true };
    if (row.buyerUserId === userId) entry.principal = entry.principal.plus(row.principal);
    entry.traded = true;
    byLoan.set(row.loan.id, entry);
  }
}

/** An investment still reserved in a funding loan: the investor may cancel it until the loan fills. */
export type PendingInvestment = { id: string; amount: string; createdAt: Date };

/** An investment an auto-invest rule made (自动投标): the rule's name and the amount. */
export type AutoInvested = { investmentId: string; ruleId: string; ruleName: string; amount: string };

/** Principal and interest received per loan. */
export function totalsReceivedByLoan(received: readonly ReceivedReturn[]): Map<string, { principal: Decimal; interest: Decimal }> {
  const receivedByLoan = new Map<string, { principal: Decimal; interest: Decimal }>();
  for (const r of received) {
    if (!r.loanId) continue;
    const sum = receivedByLoan.get(r.loanId) ?? { principal: ZERO_CNY, interest: ZERO_CNY };
    receivedByLoan.set(r.loanId, { principal: sum.principal.plus(r.principal), interest: sum.interest.plus(r.interest) });
  }
  return receivedByLoan;
}

/** The investments grouped by loan, in first-investment order; voided ones (the loan failed to fund, or the investor cancelled) apart. */
export function positionsByLoan(
  rows: ReadonlyArray<{ investment: typeof investments.$inferSelect; loan: Loan; productNameZh: string; productNameEn: string; ruleName?: string | null }>,
): { byLoan: Map<string, LoanPosition>; voided: Portfolio["voided"] } {
  const byLoan = new Map<string, LoanPosition>();
  const voided: Portfolio["voided"] = [];
  for (const { investment, loan, productNameZh, productNameEn, ruleName } of rows) {
    if (investment.status === "voided") {
      // Voided while its loan went on (not failed): the investor cancelled it.
      voided.push({ loanId: loan.id, titleZh: loan.titleZh, amount: new Cny(investment.amount).toFixed(2), resolvedAt: investment.resolvedAt, cancelled: loan.status !== "failed" });
      continue;
    }
    const entry = byLoan.get(loan.id) ?? { loan, zh: productNameZh, en: productNameEn, principal: ZERO_CNY, count: 0, pending: false, pendingInvestments: [], byRules: [], traded: false };
    entry.principal = entry.principal.plus(investment.amount);
    if (investment.autoInvestRuleId) {
      entry.byRules.push({ investmentId: investment.id, ruleId: investment.autoInvestRuleId, ruleName: ruleName ?? "", amount: new Cny(investment.amount).toFixed(2) });
    }
    entry.count += 1;
    entry.pending ||= investment.status === "pending";
    if (investment.status === "pending") entry.pendingInvestments.push({ id: investment.id, amount: new Cny(investment.amount).toFixed(2), createdAt: investment.createdAt });
    byLoan.set(loan.id, entry);
  }
  return { byLoan, voided };
}
