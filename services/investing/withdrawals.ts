import { randomUUID } from "node:crypto";
import { and, desc, eq, gte, inArray, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investorProfiles, users, withdrawals } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { maskPhone } from "../shared/mask-phone";
import { chart, openAccount, placeHold, postEntry, postHold, voidHold } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { createSandboxSmsSender, type SmsSender } from "../sms";
import { beijingDate, startOfBeijingDay } from "../shared/calendar";
import { DomainError, isDomainError } from "../shared/errors";
import { WITHDRAWAL_MIN_CNY } from "./limits";
import { parseFormAmount } from "../ledger/money-input";
import type { PayoutAdapter } from "./payout";
import { decryptField } from "../shared/crypto/field-encryption";
import { PII } from "./register-investor";
import { formatMoney } from "../shared/money-text";

export type Withdrawal = typeof withdrawals.$inferSelect;

/**
 * An investor asks to withdraw to their registered card: at most what is available, within
 * the daily limit (per Beijing calendar day, counting every request not rejected). A hold
 * reserves the money (wallet:available → wallet:held, key `withdrawal:<id>`) until finance
 * decides. Requests of one investor are serialised (an advisory lock), so two at once
 * cannot both pass the limit, and the wallet's row lock lets only what is there be held.
 */
export async function requestWithdrawal(
  db: Db,
  input: { operatorId: string; userId: string; amount: string; idempotencyKey: string; dailyLimitCny: string; now?: Date },
): Promise<{ withdrawal: Withdrawal; replayed: boolean }> {
  const now = input.now ?? new Date();
  const limit = new Cny(input.dailyLimitCny);
  const amount = parseFormAmount(input.amount, { min: WITHDRAWAL_MIN_CNY, max: limit }, "withdrawal.amount_invalid");
  const key = input.idempotencyKey.trim();
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) throw new DomainError("withdrawal.not_found");
  const [profile] = await db.select().from(investorProfiles).where(and(eq(investorProfiles.userId, input.userId), eq(investorProfiles.operatorId, input.operatorId)));
  if (!profile) throw new DomainError("investor.not_registered");

  const replay = async (tx: DbOrTx) => {
    const [existing] = await tx.select().from(withdrawals).where(and(eq(withdrawals.operatorId, input.operatorId), eq(withdrawals.idempotencyKey, key)));
    if (!existing) return null;
    if (existing.userId !== input.userId || !new Cny(existing.amount).eq(amount)) throw new DomainError("withdrawal.not_found");
    return { withdrawal: existing, replayed: true };
  };
  const early = await replay(db);
  if (early) return early;

  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`withdrawal:${input.userId}`}))`);
      const twin = await replay(tx);
      if (twin) return twin;
      const [today] = await tx
        .select({ total: sql<string>`coalesce(sum(${withdrawals.amount}), 0)::text` })
        .from(withdrawals)
        .where(and(eq(withdrawals.userId, input.userId), ne(withdrawals.status, "rejected"), gte(withdrawals.requestedAt, startOfBeijingDay(beijingDate(now)))));
      const usedToday = new Cny(today?.total ?? "0");
      if (usedToday.plus(amount).gt(limit)) {
        throw new DomainError("withdrawal.daily_limit", { field: "amount", details: { limit: limit.toFixed(2), left: Cny.max(0, limit.minus(usedToday)).toFixed(2) } });
      }
      const available = await openAccount(tx, { operatorId: input.operatorId, ...chart.walletAvailable(input.userId) });
      const held = await openAccount(tx, { operatorId: input.operatorId, ...chart.walletHeld(input.userId) });
      const id = randomUUID();
      const { hold } = await placeHold(tx, {
        operatorId: input.operatorId,
        idempotencyKey: `withdrawal:${id}`,
        debitAccountId: available.id,
        creditAccountId: held.id,
        amountCny: amount,
        kind: "withdrawal",
        memo: `提现至 ${profile.bankCode} ${profile.bankCardMasked}`,
        cause: { type: "withdrawal", id },
        placedBy: { userId: input.userId },
        now,
      });
      const [row] = await tx
        .insert(withdrawals)
        .values({
          id,
          operatorId: input.operatorId,
          userId: input.userId,
          amount: formatCny(amount),
          holdId: hold.id,
          bankCode: profile.bankCode,
          bankCardMasked: profile.bankCardMasked,
          idempotencyKey: key,
          requestedAt: now,
        })
        .returning();
      await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.userId, action: "withdrawal.requested", subject: id, details: { amount: formatCny(amount) } }, now);
      return { withdrawal: row!, replayed: false };
    });
  } catch (error) {
    if (isDomainError(error) && error.code === "ledger.insufficient_funds") throw new DomainError("withdrawal.insufficient_balance", { field: "amount" });
    throw error;
  }
}

async function lockRequested(tx: DbOrTx, input: { operatorId: string; withdrawalId: string; decidedByUserId: string }): Promise<Withdrawal> {
  if (!/^[0-9a-f-]{36}$/i.test(input.withdrawalId)) throw new DomainError("withdrawal.not_found");
  const [row] = await tx
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.id, input.withdrawalId), eq(withdrawals.operatorId, input.operatorId)))
    .for("update");
  if (!row) throw new DomainError("withdrawal.not_found");
  if (row.status !== "requested") throw new DomainError("withdrawal.already_decided", { details: { status: row.status } });
  if (row.userId === input.decidedByUserId) throw new DomainError("withdrawal.own_request");
  return row;
}

async function notify(tx: DbOrTx, smsFor: (tx: DbOrTx) => SmsSender, operatorId: string, userId: string, body: string) {
  const [user] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, userId));
  if (user) await smsFor(tx).send({ operatorId, phone: user.phone, body });
}

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
  input: { operatorId: string; withdrawalId: string; decidedByUserId: string; secretKey: Uint8Array; smsFor?: (tx: DbOrTx) => SmsSender; now?: Date },
): Promise<Withdrawal> {
  const now = input.now ?? new Date();
  const smsFor = input.smsFor ?? createSandboxSmsSender;
  return db.transaction(async (tx) => {
    const request = await lockRequested(tx, input);
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
    await notify(tx, smsFor, request.operatorId, request.userId, `【普惠金融】您的提现 ${formatMoney(amount.toFixed(2))} 已转出至 ${profile.bankCardMasked}，请留意银行到账。`);
    return row!;
  });
}

/** Finance rejects with a reason: the hold is voided, the money is available again. */
export async function rejectWithdrawal(
  db: Db,
  input: { operatorId: string; withdrawalId: string; decidedByUserId: string; reason: string; smsFor?: (tx: DbOrTx) => SmsSender; now?: Date },
): Promise<Withdrawal> {
  const now = input.now ?? new Date();
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 300) throw new DomainError("withdrawal.reason_required", { field: "reason" });
  const smsFor = input.smsFor ?? createSandboxSmsSender;
  return db.transaction(async (tx) => {
    const request = await lockRequested(tx, input);
    await voidHold(tx, { operatorId: request.operatorId, holdId: request.holdId, voidedBy: { userId: input.decidedByUserId }, now });
    const [row] = await tx
      .update(withdrawals)
      .set({ status: "rejected", decidedByUserId: input.decidedByUserId, decidedAt: now, rejectReason: reason })
      .where(eq(withdrawals.id, request.id))
      .returning();
    await recordAudit(tx, { operatorId: request.operatorId, actorUserId: input.decidedByUserId, action: "withdrawal.rejected", subject: request.id, details: { reason } }, now);
    await notify(tx, smsFor, request.operatorId, request.userId, `【普惠金融】您的提现 ${formatMoney(request.amount)} 未通过审核：${reason}。资金已回到可用余额。`);
    return row!;
  });
}

export interface WithdrawalQueueItem extends Withdrawal {
  investor: { phoneMasked: string; legalName: string | null };
}

/** Finance's queue (oldest first) or history (newest first). */
export async function listWithdrawals(
  db: DbOrTx,
  input: { operatorId: string; status?: Withdrawal["status"] | null; limit?: number },
): Promise<WithdrawalQueueItem[]> {
  const rows = await db
    .select({ w: withdrawals, phone: users.phone, legalName: investorProfiles.legalName })
    .from(withdrawals)
    .innerJoin(users, eq(users.id, withdrawals.userId))
    .leftJoin(investorProfiles, eq(investorProfiles.userId, withdrawals.userId))
    .where(and(eq(withdrawals.operatorId, input.operatorId), ...(input.status ? [eq(withdrawals.status, input.status)] : [])))
    .orderBy(input.status === "requested" ? withdrawals.requestedAt : desc(withdrawals.requestedAt))
    .limit(input.limit ?? 100);
  return rows.map(({ w, phone, legalName }) => ({ ...w, investor: { phoneMasked: maskPhone(phone), legalName } }));
}

export async function listMyWithdrawals(db: DbOrTx, input: { operatorId: string; userId: string; limit?: number }): Promise<Withdrawal[]> {
  return db
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.operatorId, input.operatorId), eq(withdrawals.userId, input.userId)))
    .orderBy(desc(withdrawals.requestedAt))
    .limit(input.limit ?? 20);
}

/** What is left of today's limit (Beijing day). */
export async function withdrawalAllowanceToday(db: DbOrTx, input: { userId: string; dailyLimitCny: string; now?: Date }): Promise<string> {
  const now = input.now ?? new Date();
  const [today] = await db
    .select({ total: sql<string>`coalesce(sum(${withdrawals.amount}), 0)::text` })
    .from(withdrawals)
    .where(and(eq(withdrawals.userId, input.userId), inArray(withdrawals.status, ["requested", "paid"]), gte(withdrawals.requestedAt, startOfBeijingDay(beijingDate(now)))));
  return Cny.max(0, new Cny(input.dailyLimitCny).minus(today?.total ?? "0")).toFixed(2);
}
