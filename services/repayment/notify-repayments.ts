import Decimal from "decimal.js";
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loans } from "../../db/schema";
import { chart } from "../ledger";
import { notifyUser, type Notify } from "../notifications";
import { formatMoney } from "../shared/money-text";
import type { RepaymentBook, RepaymentPlan } from "./plan-repayments";

/**
 * After a batch is written, in its transaction: each fresh repayment tells its borrower what
 * arrived (repayment_received) and each investor what reached their wallet from it
 * (return_received: the credits to `wallet:available:<investor>` in the repayment's entries).
 * Replays tell nobody again.
 */
export async function notifyRepayments(tx: DbOrTx, input: { operatorId: string; plan: RepaymentPlan; book: RepaymentBook; notify: Notify }): Promise<void> {
  const { operatorId, plan, book, notify } = input;
  const fresh = plan.results.filter((r): r is NonNullable<typeof r> => r !== null && !r.replayed);
  if (fresh.length === 0) return;
  const titles = new Map((await tx.select({ id: loans.id, title: loans.titleZh }).from(loans).where(inArray(loans.id, [...new Set(fresh.map((r) => r.loanId))]))).map((l) => [l.id, l.title]));
  for (const repayment of fresh) {
    const loan = book.loans.get(repayment.loanId);
    if (!loan) continue;
    const title = titles.get(repayment.loanId) ?? "";
    await notifyUser(tx, notify, { operatorId, userId: loan.borrowerUserId, kind: "repayment_received", params: { title, amount: formatMoney(repayment.amount) } });
    const returns = new Map<string, Decimal>();
    for (const entry of plan.entries.filter((e) => e.repaymentId === repayment.repaymentId)) {
      for (const posting of entry.postings) {
        const investor = investorOfWallet(posting.account.code, loan.borrowerUserId);
        if (investor) returns.set(investor, (returns.get(investor) ?? new Decimal(0)).minus(posting.amountCny));
      }
    }
    for (const [investorId, amount] of returns) {
      if (amount.gt(0)) await notifyUser(tx, notify, { operatorId, userId: investorId, kind: "return_received", params: { title, amount: formatMoney(amount.toFixed(2)) } });
    }
  }
}

/** The investor whose available wallet `code` is (the borrower's own wallet holds overpayments, not returns). */
function investorOfWallet(code: string, borrowerUserId: string): string | null {
  const prefix = chart.walletAvailable("").code;
  if (!code.startsWith(prefix)) return null;
  const userId = code.slice(prefix.length);
  return userId === borrowerUserId ? null : userId;
}
