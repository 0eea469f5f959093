import type { DueStep } from "../repayment/run-due-processing";
import { assignCases } from "./assign-cases";
import { closeCuredCases } from "./close-cured-cases";
import { openCollectionCases } from "./open-collection-cases";
import { remindPromises } from "./remind-promises";

/**
 * The `collections` step of daily due processing (after mark_overdue has refreshed
 * loan_delinquency): close cases whose loan is current or paid off, open cases for loans
 * newly past due and move buckets, assign by bucket and load, then remind broken-to-be
 * promises. Every part is idempotent, so a rerun of the step changes nothing.
 */
export const COLLECTIONS_DUE_STEP: DueStep = {
  name: "collections",
  async run(ctx) {
    const closed = await closeCuredCases(ctx.db, { operatorId: ctx.operatorId, now: ctx.now });
    const opened = await openCollectionCases(ctx.db, { operatorId: ctx.operatorId, now: ctx.now });
    const assigned = await assignCases(ctx.db, { operatorId: ctx.operatorId, now: ctx.now });
    const reminded = await remindPromises(ctx.db, { operatorId: ctx.operatorId, date: ctx.date, smsSenderFor: ctx.deps.smsSenderFor });
    const work = closed.cured + closed.paidOff + opened.opened + opened.moved + assigned.assigned + reminded.reminded;
    await ctx.progress(work, work);
  },
};
