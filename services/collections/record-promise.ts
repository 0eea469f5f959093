import type { Db } from "../../db/client";
import { parsePositiveAmountCny } from "../ledger/money";
import { addDays, beijingDate, isAskableDate } from "../shared/calendar";
import { DomainError, isDomainError } from "../shared/errors";
import type { CollectionsActor } from "./case-access";
import { cleanNote, recordActivity } from "./record-activity";

/** How far ahead a borrower may promise to pay. */
export const PROMISE_MAX_DAYS_AHEAD = 30;

/**
 * A promise to pay: an amount (CNY, > 0, at most two decimals) by a Beijing date from
 * today to 30 days ahead. Its state (pending / kept / broken) is derived from repayments
 * (promise-status.ts), never stored.
 */
export async function recordPromise(
  db: Db,
  input: { operatorId: string; caseId: string; actor: CollectionsActor; activityId: string; amount: string; promiseDate: string; note?: string | null; now?: Date },
) {
  const now = input.now ?? new Date();
  let amount: string;
  try {
    amount = parsePositiveAmountCny(input.amount.trim(), "amount").toFixed(2);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new DomainError("collections.promise_amount_invalid", { field: "amount" });
  }
  const today = beijingDate(now);
  if (!isAskableDate(input.promiseDate) || input.promiseDate < today) throw new DomainError("collections.promise_date_past", { field: "promiseDate" });
  if (input.promiseDate > addDays(today, PROMISE_MAX_DAYS_AHEAD)) {
    throw new DomainError("collections.promise_date_too_far", { field: "promiseDate", details: { days: PROMISE_MAX_DAYS_AHEAD } });
  }
  const note = cleanNote(input.note, false);
  return recordActivity(db, { ...input, now }, async () => ({ kind: "promise", promiseAmount: amount, promiseDate: input.promiseDate, note }));
}
