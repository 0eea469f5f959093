import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investorProfiles, payouts, withdrawals } from "../../db/schema";
import type { PayoutBank } from "../bank-exchange/payout-bank";
import { recordAudit } from "../audit/record-audit";
import { PII } from "../investing/register-investor";
import { lockRequestedWithdrawal, type Withdrawal } from "../investing/withdrawal";
import { decryptField } from "../shared/crypto/field-encryption";
import { DomainError } from "../shared/errors";
import { instructPayout, type InstructOutcome } from "./instruct-payout";
import type { Payout } from "./payout";
import { payoutInstructionFileName, writePayoutInstruction } from "./payout-files";
import { SECOND_APPROVAL_ABOVE_CNY } from "./settings";

export interface WithdrawalApproval {
  payout: Payout;
  /** True when this was the first of two approvals: nothing goes to the bank until a second finance user approves. */
  awaitingSecondApproval: boolean;
  /** The instruction's delivery, when this approval completed it. */
  instruction: InstructOutcome | null;
}

/**
 * A finance user approves a withdrawal. Up to SECOND_APPROVAL_ABOVE_CNY one approval
 * decides; above it the first approval records the payout as `approving` and a second,
 * different finance user must approve too. Nobody approves their own withdrawal (checked
 * here and by the database). The deciding approval writes the bank instruction (the card
 * number read from the investor's sealed profile), moves the withdrawal to `processing`
 * (银行处理中) and then sends the instruction (instructPayout): the ledger does not move —
 * the hold stays until the bank's result. Concurrent approvals are serialised by the
 * withdrawal's row lock: the same user twice is refused, two different users give two.
 */
export async function approveWithdrawal(
  db: Db,
  bank: PayoutBank,
  input: { operatorId: string; withdrawalId: string; approverUserId: string; secretKey: Uint8Array; now?: Date; secondApprovalAboveCny?: string },
): Promise<WithdrawalApproval> {
  const now = input.now ?? new Date();
  const threshold = new Decimal(input.secondApprovalAboveCny ?? SECOND_APPROVAL_ABOVE_CNY);
  const decided = await db.transaction(async (tx) => {
    const request = await lockRequestedWithdrawal(tx, { operatorId: input.operatorId, withdrawalId: input.withdrawalId, decidedByUserId: input.approverUserId });
    const [profile] = await tx.select().from(investorProfiles).where(eq(investorProfiles.userId, request.userId));
    if (!profile) throw new DomainError("investor.not_registered");
    const [existing] = await tx.select().from(payouts).where(eq(payouts.withdrawalId, request.id)).for("update");
    const needsTwo = new Decimal(request.amount).gt(threshold);
    if (!existing && needsTwo) {
      const [first] = await tx.insert(payouts).values({ ...payoutValues(request, profile), status: "approving", approvalsRequired: 2, firstApprovedBy: input.approverUserId, firstApprovedAt: now }).returning();
      await recordAudit(tx, { operatorId: request.operatorId, actorUserId: input.approverUserId, action: "payout.first_approval", subject: first!.id, details: { withdrawalId: request.id, amount: request.amount } }, now);
      return { payout: first!, complete: false };
    }
    if (existing && existing.status !== "approving") throw new DomainError("withdrawal.already_decided", { details: { status: existing.status } });
    if (existing && existing.firstApprovedBy === input.approverUserId) throw new DomainError("payout.same_approver");
    const payout = await completeApproval(tx, { request, profile, existing: existing ?? null, approverUserId: input.approverUserId, secretKey: input.secretKey, now });
    return { payout, complete: true };
  });
  if (!decided.complete) return { payout: decided.payout, awaitingSecondApproval: true, instruction: null };
  const instruction = await instructPayout(db, bank, { operatorId: input.operatorId, payoutId: decided.payout.id, actorUserId: input.approverUserId, now });
  return { payout: instruction.payout, awaitingSecondApproval: false, instruction };
}

type Profile = typeof investorProfiles.$inferSelect;

function payoutValues(request: Withdrawal, profile: Profile) {
  return {
    operatorId: request.operatorId,
    kind: "withdrawal" as const,
    withdrawalId: request.id,
    beneficiaryUserId: request.userId,
    amount: request.amount,
    payeeBank: request.bankCode,
    payeeAccountMasked: request.bankCardMasked,
    payeeName: profile.legalName,
  };
}

/** The deciding approval: the instruction file written and kept, the payout `approved`, the withdrawal `processing`. */
async function completeApproval(
  tx: DbOrTx,
  input: { request: Withdrawal; profile: Profile; existing: Payout | null; approverUserId: string; secretKey: Uint8Array; now: Date },
): Promise<Payout> {
  const { request, profile, existing, approverUserId, now } = input;
  const accountNo = decryptField(input.secretKey, PII.bankCard.purpose, profile.bankCardEncrypted, PII.bankCard.boundTo(request.userId));
  const id = existing?.id ?? randomUUID();
  const instruction = {
    instructionFile: payoutInstructionFileName(id),
    instructionCsv: writePayoutInstruction({ reference: id, kind: "withdrawal", bank: profile.bankCode, accountNo, accountName: profile.legalName, amount: request.amount, memo: "提现" }),
  };
  const [payout] = existing
    ? await tx.update(payouts).set({ status: "approved", secondApprovedBy: approverUserId, secondApprovedAt: now, ...instruction }).where(eq(payouts.id, existing.id)).returning()
    : await tx
        .insert(payouts)
        .values({ ...payoutValues(request, profile), id, status: "approved", approvalsRequired: 1, firstApprovedBy: approverUserId, firstApprovedAt: now, ...instruction })
        .returning();
  await tx.update(withdrawals).set({ status: "processing", decidedByUserId: approverUserId, decidedAt: now }).where(eq(withdrawals.id, request.id));
  await recordAudit(tx, { operatorId: request.operatorId, actorUserId: approverUserId, action: "payout.approved", subject: payout!.id, details: { withdrawalId: request.id, amount: request.amount, approvals: payout!.approvalsRequired, file: instruction.instructionFile } }, now);
  return payout!;
}
