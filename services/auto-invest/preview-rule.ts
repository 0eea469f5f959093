import Decimal from "decimal.js";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loans } from "../../db/schema";
import type { Loan } from "../lending";
import { AUTO_INVEST_PREVIEW_DAYS } from "./limits";
import { amountToInvest, ruleMatchesLoan } from "./match-rule";
import type { RuleTerms } from "./parse-rule";

export type ListedLoan = Pick<Loan, "id" | "titleZh" | "listedAt" | "amount" | "annualRate" | "termMonths" | "method" | "riskLevel" | "investmentStep" | "minInvestment">;

export interface RulePreview {
  from: Date;
  to: Date;
  /** Loans listed in the period (all, matched or not). */
  listed: number;
  bought: Array<{ loanId: string; titleZh: string; listedAt: Date; annualRate: string; termMonths: number; amount: string }>;
  total: string;
}

type PreviewTerms = Pick<RuleTerms, "minTermMonths" | "maxTermMonths" | "methods" | "riskLevels"> & { minRate: Decimal.Value; maxRate: Decimal.Value; amountPerLoan: Decimal.Value; maxTotal: Decimal.Value };

/**
 * What the rule would have bought from these listed loans, in listing order: each loan it
 * matches, its amount per loan (stepped as allocation does, as if it had the loan to itself
 * and the cash), until its maximum total is used. A pure function: no wallet, no other rules.
 */
export function previewRule(terms: PreviewTerms, listed: readonly ListedLoan[], period: { from: Date; to: Date }): RulePreview {
  let used = new Decimal(0);
  const bought: RulePreview["bought"] = [];
  const ordered = [...listed].sort((a, b) => a.listedAt.getTime() - b.listedAt.getTime() || a.id.localeCompare(b.id));
  for (const loan of ordered) {
    if (!ruleMatchesLoan(terms, loan)) continue;
    const amount = amountToInvest({ loan: { ...loan, fundedAmount: "0" }, amountPerLoan: terms.amountPerLoan, budgetLeft: new Decimal(terms.maxTotal).minus(used), spendable: terms.maxTotal, autoRoomLeft: null });
    if (!amount) continue;
    used = used.plus(amount);
    bought.push({ loanId: loan.id, titleZh: loan.titleZh, listedAt: loan.listedAt, annualRate: loan.annualRate, termMonths: loan.termMonths, amount: amount.toFixed(2) });
  }
  return { ...period, listed: listed.length, bought, total: used.toFixed(2) };
}

/** The preview over the operator's loans listed in the last 30 days. */
export async function previewAutoInvestRule(db: DbOrTx, input: { operatorId: string; terms: PreviewTerms; now?: Date }): Promise<RulePreview> {
  const to = input.now ?? new Date();
  const from = new Date(to.getTime() - AUTO_INVEST_PREVIEW_DAYS * 24 * 60 * 60 * 1000);
  const listed = await db
    .select({
      id: loans.id,
      titleZh: loans.titleZh,
      listedAt: loans.listedAt,
      amount: loans.amount,
      annualRate: loans.annualRate,
      termMonths: loans.termMonths,
      method: loans.method,
      riskLevel: loans.riskLevel,
      investmentStep: loans.investmentStep,
      minInvestment: loans.minInvestment,
    })
    .from(loans)
    .where(and(eq(loans.operatorId, input.operatorId), gte(loans.listedAt, from), lte(loans.listedAt, to)))
    .orderBy(asc(loans.listedAt))
    .limit(2000);
  return previewRule(input.terms, listed, { from, to });
}
