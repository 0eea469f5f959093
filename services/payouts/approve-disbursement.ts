import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { loanApplications, loans, payouts } from "../../db/schema";
import type { PayoutBank } from "../bank-exchange/payout-bank";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Application } from "../borrowing/access";
import type { Loan } from "../borrowing/disburse-loan";
import { ACCOUNT_PURPOSE } from "../borrowing/sealed-fields";
import { decryptField } from "../shared/crypto/field-encryption";
import { DomainError } from "../shared/errors";
import { isUuid } from "../ledger/validate";
import { instructPayout, type InstructOutcome } from "./instruct-payout";
import { payoutInstructionFileName, writePayoutInstruction } from "./payout-files";

/**
 * Finance pays out a fully funded loan whose money goes by bank: to the borrower's passbook
 * or to a supplier (store cash stays with the clerk, disburseLoan). In one transaction a new
 * payout attempt is recorded `approved` with its instruction file (the account read from the
 * application's sealed field) and the loan moves to `disbursing` — no longer funded, not
 * investable, not closable, not yet disbursed; nothing moves in the ledger. Then the
 * instruction goes to the bank (instructPayout). The disbursement is booked when the bank's
 * result says paid; a failed result puts the loan back to `funded`, and calling this again
 * makes a new attempt with a new instruction id.
 */
export async function approveDisbursement(
  db: Db,
  bank: PayoutBank,
  input: { operatorId: string; loanId: string; actor: Actor; secretKey: Uint8Array; now?: Date },
): Promise<{ payoutId: string; attempt: number; instruction: InstructOutcome }> {
  const now = input.now ?? new Date();
  if (!input.actor.roles.includes("finance")) throw new DomainError("payout.wrong_channel");
  if (!isUuid(input.loanId)) throw new DomainError("loan.not_found");
  const payout = await db.transaction(async (tx) => {
    const [loan] = await tx.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId))).for("update");
    if (!loan) throw new DomainError("loan.not_found");
    if (loan.status !== "funded") throw new DomainError("payout.not_funded", { details: { status: loan.status } });
    const [app] = await tx.select().from(loanApplications).where(eq(loanApplications.loanId, loan.id));
    if (!app || (app.disbursementChannel !== "passbook" && app.disbursementChannel !== "supplier")) throw new DomainError("payout.wrong_channel");
    if (loan.borrowerUserId === input.actor.userId) throw new DomainError("payout.own_request");
    return recordAttempt(tx, { loan, app, approverUserId: input.actor.userId, secretKey: input.secretKey, now });
  });
  const instruction = await instructPayout(db, bank, { operatorId: input.operatorId, payoutId: payout.id, actorUserId: input.actor.userId, now });
  return { payoutId: payout.id, attempt: payout.attempt, instruction };
}

/** The payee as the bank needs it: bank, full account (unsealed here, kept only in the instruction file), name. */
function payeeOf(app: Application, secretKey: Uint8Array) {
  if (app.disbursementChannel === "passbook") {
    if (!app.passbookAccountEnc || !app.passbookBank) throw new DomainError("payout.wrong_channel");
    return { bank: app.passbookBank, accountNo: decryptField(secretKey, ACCOUNT_PURPOSE, app.passbookAccountEnc), masked: app.passbookAccountMasked ?? "", name: app.fullName ?? "" };
  }
  if (!app.supplierAccountEnc || !app.supplierName) throw new DomainError("payout.wrong_channel");
  return { bank: "供应商账户", accountNo: decryptField(secretKey, ACCOUNT_PURPOSE, app.supplierAccountEnc), masked: app.supplierAccountMasked ?? "", name: app.supplierName };
}

async function recordAttempt(tx: DbOrTx, input: { loan: Loan; app: Application; approverUserId: string; secretKey: Uint8Array; now: Date }) {
  const { loan, app, now } = input;
  const payee = payeeOf(app, input.secretKey);
  const [last] = await tx.select({ n: sql<number>`coalesce(max(${payouts.attempt}), 0)::int` }).from(payouts).where(eq(payouts.loanId, loan.id));
  const attempt = Number(last?.n ?? 0) + 1;
  const id = randomUUID();
  const csv = writePayoutInstruction({ reference: id, kind: "disbursement", bank: payee.bank, accountNo: payee.accountNo, accountName: payee.name, amount: loan.amount, memo: `放款 ${loan.titleZh}`.slice(0, 60) });
  const [payout] = await tx
    .insert(payouts)
    .values({
      id,
      operatorId: loan.operatorId,
      kind: "disbursement",
      loanId: loan.id,
      attempt,
      beneficiaryUserId: loan.borrowerUserId,
      amount: loan.amount,
      payeeBank: payee.bank,
      payeeAccountMasked: payee.masked,
      payeeName: payee.name,
      status: "approved",
      approvalsRequired: 1,
      firstApprovedBy: input.approverUserId,
      firstApprovedAt: now,
      instructionFile: payoutInstructionFileName(id),
      instructionCsv: csv,
    })
    .returning();
  await tx.update(loans).set({ status: "disbursing" }).where(eq(loans.id, loan.id));
  await recordAudit(tx, { operatorId: loan.operatorId, actorUserId: input.approverUserId, action: "payout.approved", subject: id, details: { loanId: loan.id, attempt, amount: loan.amount, channel: app.disbursementChannel } }, now);
  return payout!;
}
