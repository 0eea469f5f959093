import { randomUUID } from "node:crypto";
import type { Notify } from "../notifications";
import { notifyRepayments } from "./notify-repayments";
import Decimal from "decimal.js";
import type { DbOrTx } from "../../db/client";
import { inTransaction } from "../ledger/db-helpers";
import { Cny, parseAmountCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { repaymentChannel } from "./channels/registry";
import { loadEarlierRepayments, loadRepaymentBook, type InstallmentsToLock } from "./load-repayment-book";
import { chart } from "../ledger/chart";
import { beijingDate } from "../shared/calendar";
import { assertSameRequest, planRepayments, sortOutReplays, type AppliedRepayment, type RepaymentPlan } from "./plan-repayments";
import { getRepaymentSettings } from "./settings";
import { writeRepayments } from "./write-repayments";

export { INVESTORS_PER_REPAYMENT_ENTRY, type AppliedRepayment } from "./plan-repayments";

/**
 * The name of a registered repayment channel (services/repayment/channels/registry.ts):
 * one of the built-in channels (passbook debit, store cash, phone bill, wallet) or one registered later.
 */
export type RepaymentSource = string;

/** Requests one call may apply (one transaction; each is up to a few ledger entries). */
export const MAX_REPAYMENTS_PER_BATCH = 500;

export interface RepaymentRequest {
  loanId: string;
  source: RepaymentSource;
  /** The channel's own reference: debit instruction, receipt number, deduction request id. */
  reference: string;
  amountCny: Decimal | string;
  /** `payoff` settles the whole loan (interest only to the payoff day); default `installment`. */
  kind?: "installment" | "payoff";
  /** When the money moved; decides which installments were due and the payoff interest. */
  receivedAt: Date;
  /** Store cash: the store whose till took it (its clearing account is debited). */
  storeId?: string | null;
  receivedByUserId?: string | null;
}

const REFERENCE = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * Applies repayments of one operator's loans, all in one transaction: each is allocated
 * in the configured order over what is due, split among the loan's investors by their
 * outstanding principal (largest remainder, per component, net of the service fee), and
 * booked as balanced ledger entries (`repayment:<id>:<k>`) together with the installments,
 * the loan's delinquency and, when it is paid off, its closing and settlement certificate.
 * A request whose (source, reference) was applied before is a replay: nothing changes and
 * the first result comes back; the same reference with another amount or loan is refused.
 * Money that arrives for a loan already paid off (a late debit result) is kept in the
 * borrower's wallet, because it did move.
 *
 * Load (under row locks) → plan (pure, plan-repayments.ts) → write (write-repayments.ts).
 */
export async function applyRepayments(
  db: DbOrTx,
  input: { operatorId: string; requests: readonly RepaymentRequest[]; postedBy: { userId: string } | { system: string }; now?: Date; notify?: Notify },
): Promise<AppliedRepayment[]> {
  const now = input.now ?? new Date();
  if (input.requests.length === 0) return [];
  if (input.requests.length > MAX_REPAYMENTS_PER_BATCH) throw new DomainError("repayment.batch_too_large");
  const requests = input.requests.map(validateRequest);
  const { operatorId } = input;

  return inTransaction(db, async (tx) => {
    const settings = await getRepaymentSettings(tx, operatorId);
    const earlier = await loadEarlierRepayments(tx, operatorId, requests);
    const fresh = sortOutReplays(requests, earlier).fresh.map((i) => requests[i]!);
    const { book, accounts } = await loadRepaymentBook(tx, {
      operatorId,
      loanIds: fresh.map((r) => r.loanId),
      settings,
      lock: installmentsToLock(fresh),
      extraCodes: (loans) => [chart.revenueServiceFee().code, chart.revenuePenalty().code, ...fresh.map((r) => repaymentChannel(r.source).sourceAccount(r, loans.get(r.loanId)!).code)],
    });
    const plan = planRepayments({ requests, earlier, book, channelOf: repaymentChannel, now, newId: randomUUID });
    await writeRepayments(tx, { operatorId, plan, accounts, postedBy: input.postedBy, now });
    if (input.notify) await notifyRepayments(tx, { operatorId, plan, book, notify: input.notify });
    return answerRepeats(requests, plan);
  });
}

/** The installments the fresh requests may change (see loadRepaymentBook). */
function installmentsToLock(fresh: readonly RepaymentRequest[]): InstallmentsToLock {
  let dueBy = "";
  const payoffLoanIds = new Set<string>();
  for (const r of fresh) {
    const asOf = beijingDate(r.receivedAt);
    if (asOf > dueBy) dueBy = asOf;
    if (r.kind === "payoff") payoffLoanIds.add(r.loanId);
  }
  return { dueBy, payoffLoanIds };
}

/** Repeats inside the batch answer as replays of their first occurrence. */
function answerRepeats(requests: readonly (RepaymentRequest & { amountCny: Decimal })[], plan: RepaymentPlan): AppliedRepayment[] {
  return plan.results.map((result, index) => {
    if (result) return result;
    const first = plan.results[plan.repeatOf.get(index)!]!;
    assertSameRequest(requests[index]!, first);
    return { ...first, replayed: true };
  });
}

function validateRequest(request: RepaymentRequest): RepaymentRequest & { amountCny: Decimal } {
  if (!REFERENCE.test(request.reference)) throw new DomainError("repayment.invalid_reference", { field: "reference" });
  let amount: Decimal;
  try {
    amount = typeof request.amountCny === "string" ? parseAmountCny(request.amountCny) : new Cny(request.amountCny);
  } catch {
    throw new DomainError("repayment.invalid_amount", { field: "amount" });
  }
  if (!amount.isFinite() || amount.lte(0) || amount.decimalPlaces() > 2) throw new DomainError("repayment.invalid_amount", { field: "amount" });
  const channel = repaymentChannel(request.source);
  if (channel.needsStore && !request.storeId) throw new DomainError("repayment.store_required", { field: "storeId" });
  if (Number.isNaN(request.receivedAt.getTime())) throw new DomainError("repayment.invalid_amount", { field: "receivedAt" });
  return { ...request, amountCny: amount };
}
