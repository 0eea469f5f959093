import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { loans, phonebillDeductions, users } from "../../../../db/schema";
import { recordAudit } from "../../../audit";
import { inTransaction } from "../../../ledger/db-helpers";
import { runIdempotent } from "../../../shared/idempotency";
import { operatorRefs } from "../channel-loans";
import { lockLoan, type DueNow, type RepayNowInput, type RepayNowStatus } from "../repay-now";
import { applyPhonebillAnswers } from "./apply-phonebill-answers";
import { BillingRequestRefusedError, type OperatorBillingAdapter } from "./operator-billing-adapter";

type Deduction = typeof phonebillDeductions.$inferSelect;

/** A borrower-initiated request's id: `PN<YYYYMMDD><prefix><loan id hex>R<n>` (the loan's n-th; never a due-date `PB…` id). */
export function phonebillNowRequestId(input: { date: string; prefix: string; loanId: string; n: number }): string {
  return `PN${input.date.replaceAll("-", "")}${input.prefix}${input.loanId.replaceAll("-", "").toUpperCase()}R${input.n}`;
}

/**
 * 主动还款 through the phone bill: one deduction request for the current installment,
 * committed (under the loan's row lock, refused while any collection of the loan is still
 * out: `refuseInFlight`) before it is sent to the operator's billing, as the due step does,
 * so a send that timed out is asked about at the next poll. Repaid only on the billing's
 * answer (applyPhonebillAnswers, through pollPhonebillAnswers or due processing); an
 * outright refusal is recorded as the answer at once. The form key replays: the same loan
 * answers with the first request, another loan under the key is `idempotency.conflict`.
 */
export async function requestPhonebillNow(
  db: DbOrTx,
  input: RepayNowInput & { due: DueNow; refuseInFlight: (tx: DbOrTx) => Promise<void>; billing: OperatorBillingAdapter },
): Promise<RepayNowStatus> {
  const { operatorId, loanId, due } = input;
  const now = input.now ?? new Date();
  const find = async (handle: DbOrTx) => {
    const [row] = await handle
      .select()
      .from(phonebillDeductions)
      .where(and(eq(phonebillDeductions.operatorId, operatorId), eq(phonebillDeductions.borrowerKey, input.idempotencyKey)));
    return row;
  };
  const { result, replayed } = await runIdempotent<Deduction, RepayNowStatus>({
    find: () => find(db),
    contentOf: (stored) => ({ loanId: stored.loanId, source: "phone_bill" }),
    content: { loanId, source: "phone_bill" },
    resultOf: (stored) => phonebillNowStatus(stored),
    create: (replay) =>
      inTransaction(db, async (tx) => {
        // The loan's lock first, then the twin: a concurrent twin that committed while we waited is seen here.
        await lockLoan(tx, loanId);
        const twin = await find(tx);
        if (twin) return replay(twin);
        await input.refuseInFlight(tx);
        const [borrower] = await tx.select({ phone: users.phone }).from(loans).innerJoin(users, eq(users.id, loans.borrowerUserId)).where(eq(loans.id, loanId));
        const phone = borrower!.phone;
        const [earlier] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(phonebillDeductions)
          .where(and(eq(phonebillDeductions.loanId, loanId), sql`${phonebillDeductions.requestedBy} is not null`));
        const { prefix } = await operatorRefs(tx, operatorId);
        const requestId = phonebillNowRequestId({ date: due.date, prefix, loanId, n: Number(earlier?.n ?? 0) + 1 });
        const [row] = await tx
          .insert(phonebillDeductions)
          .values({ operatorId, requestId, loanId, installmentN: due.installmentN, phone, requestedAmount: due.amount, requestedBy: input.borrowerUserId, borrowerKey: input.idempotencyKey, requestedAt: now })
          .returning();
        await recordAudit(tx, { operatorId, actorUserId: input.borrowerUserId, action: "repayment.repay_now", subject: loanId, details: { source: "phone_bill", reference: requestId, amount: due.amount } }, now);
        return { result: phonebillNowStatus(row!), replayed: false };
      }),
    keyConstraints: ["phonebill_deductions_borrower_key_key"],
    conflict: { field: "repayNow" },
  });
  if (replayed || result.state !== "in_progress") return result;
  return send(db, { operatorId, billing: input.billing, requestId: result.reference, now, result });
}

/** Sends the committed request; an outright refusal is its answer (recorded at once), an unreachable billing leaves it for the next poll. */
async function send(db: DbOrTx, input: { operatorId: string; billing: OperatorBillingAdapter; requestId: string; now: Date; result: RepayNowStatus }): Promise<RepayNowStatus> {
  const [row] = await db.select().from(phonebillDeductions).where(and(eq(phonebillDeductions.operatorId, input.operatorId), eq(phonebillDeductions.requestId, input.requestId)));
  try {
    await input.billing.requestDeduction({ requestId: row!.requestId, phone: row!.phone, amount: row!.requestedAmount });
    return input.result;
  } catch (error) {
    if (!(error instanceof BillingRequestRefusedError)) return input.result;
    await applyPhonebillAnswers(db, { operatorId: input.operatorId, answers: [{ requestId: input.requestId, status: "refused", deductedAmount: "0.00", reason: `${error.code}: ${error.message}`.slice(0, 200) }], now: input.now });
    const [answered] = await db.select().from(phonebillDeductions).where(eq(phonebillDeductions.id, row!.id));
    return phonebillNowStatus(answered!);
  }
}

const STATE_OF: Record<Deduction["status"], RepayNowStatus["state"]> = { requested: "in_progress", confirmed: "paid", refused: "failed" };

export function phonebillNowStatus(row: Deduction): RepayNowStatus {
  return {
    reference: row.requestId,
    source: "phone_bill",
    byBorrower: row.requestedBy !== null,
    amount: row.requestedAmount,
    collected: row.status === "requested" ? null : (row.deductedAmount ?? "0.00"),
    state: STATE_OF[row.status],
    // The operator's refusal text may be a code or English (the HTTP billing's): the page says 扣款未成功 in its own words.
    reason: row.status === "refused" ? "refused" : null,
    requestedAt: row.requestedAt,
  };
}

/** Whether a deduction request of the loan still waits for the billing's answer. */
export async function phonebillInFlight(db: DbOrTx, input: { operatorId: string; loanId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: phonebillDeductions.id })
    .from(phonebillDeductions)
    .where(and(eq(phonebillDeductions.operatorId, input.operatorId), eq(phonebillDeductions.loanId, input.loanId), eq(phonebillDeductions.status, "requested")))
    .limit(1);
  return row !== undefined;
}

/** The loan's deduction requests, newest first. */
export async function listPhonebillDeductionsOfLoan(db: DbOrTx, input: { operatorId: string; loanId: string; limit: number }): Promise<RepayNowStatus[]> {
  const rows = await db
    .select()
    .from(phonebillDeductions)
    .where(and(eq(phonebillDeductions.operatorId, input.operatorId), eq(phonebillDeductions.loanId, input.loanId)))
    .orderBy(desc(phonebillDeductions.requestedAt))
    .limit(input.limit);
  return rows.map(phonebillNowStatus);
}
