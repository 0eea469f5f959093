import Decimal from "decimal.js";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { disburseLoan } from "../borrowing/disburse-loan";
import { approveDisbursement } from "../payouts/approve-disbursement";
import { SandboxPayoutBank } from "../payouts/sandbox-payout-bank";
import { invest } from "../investing/invest";
import { gradeAllows } from "../investing/risk-questionnaire";
import { getLoan } from "../lending";
import { isDomainError } from "../shared/errors";
import { topUpInvestor } from "./onboard-investor";
import type { SimInvestor } from "./people";
import type { Rng } from "./random";
import type { SimWorld } from "./world";

/**
 * Investors fund a listed loan through `invest`, in the loan's steps (at least the minimum
 * unless it is what is left), each a share of up to a third of the loan; an investor whose
 * wallet is short tops up first. Only investors whose risk grade allows the loan take part.
 */
export async function fundLoan(db: Db, world: SimWorld, input: { loanId: string; investors: readonly SimInvestor[]; rng: Rng; at: Date }): Promise<number> {
  let loan = await getLoan(db, { operatorId: world.operatorId, loanId: input.loanId });
  const eligible = input.investors.filter((i) => i.userId && gradeAllows(i.aggressive ? "aggressive" : "conservative", loan.riskLevel));
  if (eligible.length === 0) throw new Error("no investor may fund this loan");
  const step = new Decimal(loan.investmentStep);
  const min = new Decimal(loan.minInvestment);
  let t = input.at.getTime();
  let count = 0;
  for (let attempt = 0; loan.status === "funding" && attempt < 400; attempt++) {
    const remaining = new Decimal(loan.amount).minus(loan.fundedAmount);
    const cap = Decimal.max(min, new Decimal(loan.amount).div(3));
    const wish = new Decimal(input.rng.int(1, 30)).div(30).times(cap).div(step).floor().times(step);
    let amount = Decimal.min(remaining, Decimal.max(wish, min));
    if (remaining.minus(amount).gt(0) && remaining.minus(amount).lt(min)) amount = remaining;
    const investor = input.rng.pick(eligible);
    const now = new Date((t += 60_000));
    try {
      loan = (await invest(db, { operatorId: world.operatorId, investorUserId: investor.userId!, loanId: loan.id, amount: amount.toFixed(2), idempotencyKey: `sim-${loan.id}-${attempt}`, now })).loan;
      count++;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === "invest.insufficient_balance") {
        await topUpInvestor(db, world, investor, Decimal.max(amount, new Decimal(input.rng.int(5, 30) * 1000)), now);
        continue;
      }
      if (error.code === "invest.loan_not_open") break;
      // Any other refusal (a per-investor limit, …): another investor tries.
    }
  }
  if (loan.status !== "funded") throw new Error(`loan ${loan.id} not funded (${loan.status}, ${loan.fundedAmount}/${loan.amount})`);
  return count;
}

/**
 * Pays out a funded loan: the store clerk hands over cash (disbursed at once); finance
 * instructs the custody bank (the sandbox bank, answering on `at`'s day) for a passbook or
 * supplier payout, booked when the day's results are imported (runSimulation).
 */
export async function disburseFundedLoan(db: Db, world: SimWorld, input: { loanId: string; at: Date }): Promise<void> {
  const [app] = await db.select({ channel: loanApplications.disbursementChannel }).from(loanApplications).where(eq(loanApplications.loanId, input.loanId));
  if (app?.channel === "store_cash") {
    await disburseLoan(db, { operatorId: world.operatorId, loanId: input.loanId, actor: world.clerk, now: input.at });
    return;
  }
  const bank = new SandboxPayoutBank(db, { clock: () => input.at });
  await approveDisbursement(db, bank, { operatorId: world.operatorId, loanId: input.loanId, actor: world.finance, secretKey: world.secretKey, now: input.at });
}
