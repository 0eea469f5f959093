import type { DbOrTx } from "../../../db/client";
import { DomainError } from "../../shared/errors";
import { collectionInFlight } from "./collection-in-flight";
import { repaymentChannels } from "./registry";
import { checkFormKey, currentChannelOf, dueNowFor, type RepayNowInput, type RepayNowStatus } from "./repay-now";

/** Requests shown on the loan page: the newest of each channel, enough for the current picture. */
const LISTED_PER_CHANNEL = 10;

/**
 * 主动还款: the borrower asks for the current installment to be collected now through the
 * loan's current channel, when that channel can (its `repayNow`: passbook debit, phone
 * bill). Checks the form key, that the loan is theirs and owes something, then hands over
 * to the channel, which — under the loan's row lock — refuses while any channel's
 * collection of the loan is still waiting for its answer (`repayment.in_flight`: one
 * request in flight per loan, the due-date debit included).
 */
export async function requestRepayNow(db: DbOrTx, input: RepayNowInput): Promise<RepayNowStatus> {
  const idempotencyKey = checkFormKey(input.idempotencyKey);
  const now = input.now ?? new Date();
  const due = await dueNowFor(db, { ...input, now });
  const current = await currentChannelOf(db, input.loanId);
  const channel = repaymentChannels().find((c) => c.source === current && c.repayNow);
  if (!channel?.repayNow) throw new DomainError("repayment.repay_now_unavailable", { field: "repayNow" });
  const refuseInFlight = async (tx: DbOrTx) => {
    if (await collectionInFlight(tx, input)) throw new DomainError("repayment.in_flight", { field: "repayNow" });
  };
  return channel.repayNow.request(db, { ...input, idempotencyKey, now, due, refuseInFlight });
}

export interface RepayNowPicture {
  /** The loan's current channel, when it can collect now (else null: the page offers no 主动还款). */
  channel: string | null;
  /** Collection requests of the loan on every such channel, newest first. */
  requests: RepayNowStatus[];
  /** Whether one is still waiting for its answer (the page shows 处理中 and no button). */
  inFlight: boolean;
}

/** What the loan page shows of 主动还款: the channel, and the requests with their states. */
export async function describeRepayNow(db: DbOrTx, input: { operatorId: string; loanId: string }): Promise<RepayNowPicture> {
  const current = await currentChannelOf(db, input.loanId);
  const capable = repaymentChannels().filter((c) => c.repayNow);
  const lists = await Promise.all(capable.map((c) => c.repayNow!.list(db, { ...input, limit: LISTED_PER_CHANNEL })));
  const requests = lists.flat().sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
  return {
    channel: capable.some((c) => c.source === current) ? current : null,
    requests,
    inFlight: requests.some((r) => r.state === "in_progress"),
  };
}
