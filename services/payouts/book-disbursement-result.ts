import { NOTICE_DETAILS } from "../sms";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, loans, users } from "../../db/schema";
import { bookDisbursement } from "../borrowing/disburse-loan";
import type { SmsParams, SmsSender } from "../sms";
import { formatMoney } from "../shared/money-text";
import { markResolved } from "./book-withdrawal-result";
import type { Payout } from "./payout";
import type { PayoutResultLine } from "./payout-files";
import { failureReasonZh } from "./reasons";

/**
 * A bank result for a loan's disbursement, inside the import's transaction. Paid: the
 * disbursement is booked (bookDisbursement: holds posted, the entry out of custody:bank,
 * claims, the schedule with due dates from the paid day, the loan `disbursed`), posted by the
 * finance user whose approval sent it. Failed: the loan goes back to `funded` (finance can
 * instruct again: a new attempt), the attempt keeps the bank's reason. The borrower is told
 * by SMS either way.
 */
export async function bookDisbursementResult(tx: DbOrTx, input: { payout: Payout; line: PayoutResultLine; resultFile: string | null; smsFor: (tx: DbOrTx) => SmsSender; now: Date }) {
  const { payout, line, now } = input;
  const [loan] = await tx.select().from(loans).where(eq(loans.id, payout.loanId!)).for("update");
  if (!loan || loan.status !== "disbursing") throw new Error(`loan ${payout.loanId} is not disbursing (${loan?.status})`);
  const [app] = await tx.select().from(loanApplications).where(eq(loanApplications.loanId, loan.id));
  if (!app) throw new Error(`loan ${loan.id} has no application`);
  const amount = formatMoney(loan.amount);
  if (line.status === "SUCCESS") {
    const approver = payout.secondApprovedBy ?? payout.firstApprovedBy;
    await bookDisbursement(tx, { operatorId: loan.operatorId, loan, app, storeId: null, actorUserId: approver, startDate: line.settledOn, now });
    await markResolved(tx, input, "paid");
    await tell(tx, input.smsFor, loan, { amount, detail: NOTICE_DETAILS.disbursementPaid.zh(payout.payeeBank, payout.payeeAccountMasked) });
    return;
  }
  await tx.update(loans).set({ status: "funded" }).where(eq(loans.id, loan.id));
  await markResolved(tx, input, "failed");
  await tell(tx, input.smsFor, loan, { amount, detail: NOTICE_DETAILS.disbursementFailed.zh(failureReasonZh(line.status)) });
}

async function tell(tx: DbOrTx, smsFor: (tx: DbOrTx) => SmsSender, loan: { operatorId: string; borrowerUserId: string }, params: SmsParams<"loan_disbursement">) {
  const [user] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, loan.borrowerUserId));
  if (user) await smsFor(tx).send({ operatorId: loan.operatorId, phone: user.phone, kind: "loan_disbursement", params });
}
