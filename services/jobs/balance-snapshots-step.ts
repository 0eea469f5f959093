import { makeDisclosureMonths } from "../disclosure";
import { makeBalanceSnapshots } from "../ledger";
import type { DueContext, DueStep } from "../repayment/run-due-processing";
import { addDays } from "../shared/calendar";

/**
 * The books' day close in daily due processing, after every step that books money: seals the
 * days before the run's date (never a day the run's clock has not seen end) and builds their
 * balance snapshots and class rows, catching up any days missed (services/ledger makeBalanceSnapshots),
 * then keeps the disclosure's ledger figures of the months closed since (makeDisclosureMonths).
 * If posting writers hold the ledger past the seal's lock timeout, the step is marked
 * unavailable for the day and the next run catches up.
 */
export async function runBalanceSnapshots(ctx: DueContext): Promise<void> {
  const made = await makeBalanceSnapshots(ctx.db, { operatorId: ctx.operatorId, throughDay: addDays(ctx.date, -1), now: ctx.now });
  if (made.sealTimedOut) {
    await ctx.markUnavailable("ledger busy: the day could not be sealed within the lock timeout");
    return;
  }
  // The disclosure's month figures of newly closed months, from the snapshots just built.
  await makeDisclosureMonths(ctx.db, { operatorId: ctx.operatorId });
  await ctx.progress(made.rows, made.rows);
}

export const BALANCE_SNAPSHOTS_STEP: DueStep = { name: "balance_snapshots", run: runBalanceSnapshots };
