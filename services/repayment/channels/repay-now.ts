import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { loans } from "../../../db/schema";
import { queryRows } from "../../ledger/db-helpers";
import { Cny } from "../../ledger/money";
import { beijingDate } from "../../shared/calendar";
import { DomainError } from "../../shared/errors";
import { describeLoanRepayment } from "../describe-loan-repayment";
import type { ChannelDeps } from "./channel-adapters";

/**
 * 主动还款 (repay now): the borrower asks, on their loan page, to collect the current
 * installment now through the loan's own channel (the passbook under the signed debit
 * entrustment, or the phone bill) instead of waiting for its due date. A channel that can do
 * this gives its description a `repayNow` (registry.ts); the loan page and
 * requestRepayNow loop over those. The money is the loan's only when the counterparty's
 * evidence arrives (the bank's result file, the billing's answer): until then the request
 * is `in_progress`.
 */
export interface RepayNowChannel {
  /** Raises one request for the loan (checks done by requestRepayNow); replays by the form key. */
  request(db: DbOrTx, input: RepayNowInput & { due: DueNow; refuseInFlight: (tx: DbOrTx) => Promise<void> }): Promise<RepayNowStatus>;
  /** Whether a collection on this channel (the borrower's or the due date's) is still waiting for its answer. */
  inFlight(db: DbOrTx, input: { operatorId: string; loanId: string }): Promise<boolean>;
  /** The loan's requests on this channel (borrower-initiated and due-date ones), newest first. */
  list(db: DbOrTx, input: { operatorId: string; loanId: string; limit: number }): Promise<RepayNowStatus[]>;
}

export interface RepayNowInput {
  operatorId: string;
  borrowerUserId: string;
  loanId: string;
  /** The form's idempotency key: a replay with the same loan answers with the first request. */
  idempotencyKey: string;
  deps: { channels?: ChannelDeps };
  now?: Date;
}

/** What the loan page shows of one collection request: never paid before the evidence says so. */
export interface RepayNowStatus {
  reference: string;
  source: string;
  /** Whether the borrower asked for it (主动还款) or due processing raised it. */
  byBorrower: boolean;
  amount: string;
  /** What the counterparty collected (may be less than asked); null until it answers. */
  collected: string | null;
  state: "in_progress" | "paid" | "failed";
  reason: string | null;
  requestedAt: Date;
}

/** The current installment as the loan page shows it: due ones (or the next one ahead), with the installment it starts at. */
export interface DueNow {
  installmentN: number;
  amount: string;
  date: string;
}

/** Keys of forms (newFormKey) are 8 to 80 letters, digits, `-` and `_`. */
const FORM_KEY = /^[A-Za-z0-9_-]{8,80}$/;

export function checkFormKey(key: string): string {
  const trimmed = key.trim();
  if (!FORM_KEY.test(trimmed)) throw new DomainError("idempotency.conflict", { field: "repayNow" });
  return trimmed;
}

/**
 * The loan's current installment on the borrower's own, disbursed loan. Not theirs: not
 * found (the same answer as a loan that does not exist).
 */
export async function dueNowFor(db: DbOrTx, input: { operatorId: string; borrowerUserId: string; loanId: string; now: Date }): Promise<DueNow> {
  if (!/^[0-9a-f-]{36}$/i.test(input.loanId)) throw new DomainError("repayment.loan_not_found");
  const [loan] = await db
    .select({ status: loans.status })
    .from(loans)
    .where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId), eq(loans.borrowerUserId, input.borrowerUserId)));
  if (!loan) throw new DomainError("repayment.loan_not_found");
  if (loan.status !== "disbursed") throw new DomainError("repayment.nothing_due", { field: "repayNow" });
  const view = await describeLoanRepayment(db, { operatorId: input.operatorId, loanId: input.loanId, now: input.now });
  const first = view.due.lines[0];
  if (!first || !new Cny(view.due.total).gt(0)) throw new DomainError("repayment.nothing_due", { field: "repayNow" });
  return { installmentN: first.n, amount: view.due.total, date: beijingDate(input.now) };
}

/** The loan's current repayment channel (the newest choice), or null. */
export async function currentChannelOf(db: DbOrTx, loanId: string): Promise<string | null> {
  const [row] = await queryRows<{ channel: string }>(
    db,
    sql`select channel::text as channel from loan_repayment_channels where loan_id = ${loanId}::uuid order by created_at desc, id desc limit 1`,
  );
  return row?.channel ?? null;
}

/** Serialises collection requests of one loan: its row lock, taken before the in-flight check. */
export async function lockLoan(tx: DbOrTx, loanId: string): Promise<void> {
  await tx.select({ id: loans.id }).from(loans).where(eq(loans.id, loanId)).for("update");
}
