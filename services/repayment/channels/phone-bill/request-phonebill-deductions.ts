import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { loans, phonebillDeductions, users } from "../../../../db/schema";
import { anyOf } from "../../../ledger/db-helpers";
import { isCalendarDate } from "../../../shared/calendar";
import { loadDuesOnDate, loansOnChannel, operatorRefs } from "../channel-loans";
import { applyPhonebillAnswers } from "./apply-phonebill-answers";
import { BillingRequestRefusedError, type OperatorBillingAdapter } from "./operator-billing-adapter";

/** `PB<YYYYMMDD><prefix><loan id hex>N<installment>`: one request per loan, installment and day. */
export function phonebillRequestId(input: { date: string; prefix: string; loanId: string; installmentN: number }): string {
  return `PB${input.date.replaceAll("-", "")}${input.prefix}${input.loanId.replaceAll("-", "").toUpperCase()}N${input.installmentN}`;
}

/**
 * Asks the operator's billing to deduct what is owed from the phone bill of each borrower
 * whose loan's current repayment channel is phone_bill and who owes on `date` (an
 * installment due that day or earlier and unpaid), unless a request for that loan is still
 * waiting for its answer. The request row is committed before the request is sent, so a
 * send that timed out (the operator may have it) is never forgotten: the row stays
 * `requested` and the next poll asks about it, or sends it again under the same id, which
 * the operator deduplicates. Its id is fixed by loan, installment and day, so rerunning a
 * date asks nothing twice. An outright refusal of one request (not the operator's
 * subscriber, …) is recorded as the answer; an unreachable operator stops the step
 * (BillingUnavailableError) with what was sent so far kept.
 */
export async function requestPhonebillDeductions(
  db: DbOrTx,
  input: { operatorId: string; date: string; billing: OperatorBillingAdapter; now?: Date },
): Promise<{ requested: number }> {
  const { operatorId, date } = input;
  if (!isCalendarDate(date)) throw new Error(`not a date: ${date}`);
  const now = input.now ?? new Date();
  const candidates = await loansOnChannel(db, operatorId, "phone_bill");
  if (candidates.length === 0) return { requested: 0 };
  const loanIds = candidates.map((c) => c.loanId);
  const waiting = new Set(
    (
      await db
        .select({ loanId: phonebillDeductions.loanId })
        .from(phonebillDeductions)
        .where(and(eq(phonebillDeductions.operatorId, operatorId), eq(phonebillDeductions.status, "requested"), anyOf(phonebillDeductions.loanId, loanIds)))
    ).map((r) => r.loanId),
  );
  const phones = new Map(
    (await db.select({ loanId: loans.id, phone: users.phone }).from(loans).innerJoin(users, eq(users.id, loans.borrowerUserId)).where(anyOf(loans.id, loanIds))).map((r) => [r.loanId, r.phone]),
  );
  const dues = await loadDuesOnDate(db, loanIds.filter((id) => !waiting.has(id)), date, "every_day");
  const { prefix } = await operatorRefs(db, operatorId);
  let requested = 0;
  for (const { loanId } of candidates) {
    if (waiting.has(loanId)) continue;
    const due = dues.get(loanId);
    if (!due) continue;
    const requestId = phonebillRequestId({ date, prefix, loanId, installmentN: due.installmentN });
    const phone = phones.get(loanId)!;
    const [row] = await db
      .insert(phonebillDeductions)
      .values({ operatorId, requestId, loanId, installmentN: due.installmentN, phone, requestedAmount: due.amount, requestedAt: now })
      .onConflictDoNothing()
      .returning({ id: phonebillDeductions.id });
    if (!row) continue;
    try {
      await input.billing.requestDeduction({ requestId, phone, amount: due.amount });
    } catch (error) {
      if (!(error instanceof BillingRequestRefusedError)) throw error;
      await applyPhonebillAnswers(db, { operatorId, answers: [{ requestId, status: "refused", deductedAmount: "0.00", reason: `${error.code}: ${error.message}`.slice(0, 200) }], now });
    }
    requested++;
  }
  return { requested };
}
