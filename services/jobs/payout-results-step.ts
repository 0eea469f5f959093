import { fetchPayoutResults } from "../payouts/fetch-payout-results";
import { payoutBankFor } from "../payouts/payout-bank-for";
import type { DueContext, DueStep } from "../repayment/run-due-processing";

/**
 * Bank payouts in daily due processing, so results are picked up unattended: instructions not
 * yet delivered are sent again, the custody bank's results fetched and booked
 * (services/payouts fetchPayoutResults). A bank that cannot be reached marks the step
 * "channel unavailable" for the day instead of failing the run; nothing is paid or failed.
 */
export async function runPayoutResults(ctx: DueContext): Promise<void> {
  const channels = ctx.deps.channels ?? {};
  const bank = payoutBankFor({ db: ctx.db, bank: channels.payoutBank ?? null, sandboxesAllowed: channels.sandboxesAllowed !== false, clock: () => ctx.now });
  const pickUp = await fetchPayoutResults(ctx.db, bank, { operatorId: ctx.operatorId, smsFor: ctx.deps.smsSenderFor, now: ctx.now, progress: ctx.progress });
  const problems = [
    ...(pickUp.unreachable > 0 ? [`${pickUp.unreachable} payout(s) not sent or not answered`] : []),
    ...pickUp.refused.map((r) => `result ${r.file} refused at line ${r.line}`),
  ];
  if (problems.length > 0) await ctx.markUnavailable(`custody bank: ${problems.join("; ")}`);
}

export const PAYOUT_RESULTS_STEP: DueStep = { name: "payout_results", run: runPayoutResults };
