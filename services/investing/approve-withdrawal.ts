import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investorProfiles, withdrawals } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart, openAccount, postEntry, postHold } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import type { SmsSender } from "../sms";
import { DomainError } from "../shared/errors";
import { formatMoney } from "../shared/money-text";
import type { PayoutAdapter } from "./payout";
import { decryptField } from "../shared/crypto/field-encryption";
import { PII } from "./register-investor";
import { lockRequestedWithdrawal, notifyInvestor, type Withdrawal } from "./withdrawal";

/**
 * Finance approves: the payout adapter transfers to the registered card, then in the same
 * transaction the hold is posted (wallet:available → wallet:held) and the payout entry
 * `withdrawal:<id>:payout` moves it out (Dr wallet:held / Cr custody:bank); the request is
 * `paid`. If the adapter fails nothing is written and the request stays open; the adapter
 * is idempotent by withdrawal id, so approving again after a crash pays once.
 */
export async function approveWithdrawal(
  db: Db,
  payout: PayoutAdapter,
  input: { operatorId: string; withdrawalId: string; decidedByUserId: string; secretKey: Uint8Array; smsFor: (tx: DbOrTx) => SmsSender; now?: Date },
): Promise<Withdrawal> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const request = await lockRequestedWithdrawal(tx, input);
    const [profile] = await tx.select().from(investorProfiles).where(eq(investorProfiles.userId, request.userId));
    if (!profile) throw new DomainError("investor.not_registered");
    const accountNumber = decryptField(input.secretKey, PII.bankCard.purpose, profile.bankCardEncrypted, PII.bankCard.boundTo(request.userId));
    let reference: string;
    try {
      ({ reference } = await payout.pay({
        withdrawalId: request.id,
        operatorId: request.operatorId,
        amountCny: new Cny(request.amount).toFixed(2),
        bankCode: profile.bankCode,
        accountNumber,
        accountName: profile.legalName,
        requestedAt: request.requestedAt,
      }));
    } catch (error) {
      console.error(`withdrawal ${request.id}: payout failed`, error);
      throw new DomainError("withdrawal.payout_failed");
    }
    const actor = { userId: input.decidedByUserId };
    await postHold(tx, { operatorId: request.operatorId, holdId: request.holdId, postedBy: actor, now });
    const held = await openAccount(tx, { operatorId: request.operatorId, ...chart.walletHeld(request.userId) });
    const custody = await openAccount(tx, { operatorId: request.operatorId, ...chart.custodyBank() });
    const amount = new Cny(request.amount);
    const { entry } = await postEntry(tx, {
      operatorId: request.operatorId,
      idempotencyKey: `withdrawal:${request.id}:payout`,
      kind: "withdrawal_payout",
      memo: `提现打款 ${reference} → ${profile.bankCode} ${profile.bankCardMasked}`,
      cause: { type: "withdrawal", id: request.id },
      postedBy: actor,
      postings: [
        { accountId: held.id, amountCny: formatCny(amount) },
        { accountId: custody.id, amountCny: formatCny(amount.negated()) },
      ],
      now,
    });
    const [row] = await tx
      .update(withdrawals)
      .set({ status: "paid", decidedByUserId: input.decidedByUserId, decidedAt: now, payoutAdapter: payout.name, payoutReference: reference, payoutEntryId: entry.id })
      .where(eq(withdrawals.id, request.id))
      .returning();
    await recordAudit(tx, { operatorId: request.operatorId, actorUserId: input.decidedByUserId, action: "withdrawal.paid", subject: request.id, details: { reference, entryId: entry.id, adapter: payout.name } }, now);
    await notifyInvestor(tx, input.smsFor, request.operatorId, request.userId, { amount: formatMoney(amount.toFixed(2)), detail: `已转出至${profile.bankCardMasked}，请留意银行到账。` });
    return row!;
  });
}
