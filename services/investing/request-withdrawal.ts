import { randomUUID } from "node:crypto";
import type Decimal from "decimal.js";
import { and, eq, gte, notInArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investorProfiles, withdrawals } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart, openAccount, placeHold } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { beijingDate, startOfBeijingDay } from "../shared/calendar";
import { DomainError, isDomainError } from "../shared/errors";
import { runIdempotent } from "../shared/idempotency";
import { WITHDRAWAL_MIN_CNY } from "./limits";
import { parseFormAmount } from "../ledger/money-input";
import type { Withdrawal } from "./withdrawal";

type Profile = typeof investorProfiles.$inferSelect;

/**
 * An investor asks to withdraw to their registered card: at most what is available, within
 * the daily limit (per Beijing calendar day, counting every request not rejected or failed at the bank). A hold
 * reserves the money (wallet:available → wallet:held, key `withdrawal:<id>`) until finance
 * decides. Requests of one investor are serialised (an advisory lock), so two at once
 * cannot both pass the limit, and the wallet's row lock lets only what is there be held.
 * The form's key makes a repeated submit return the first request (shared/idempotency.ts: the
 * same investor and amount; anything else is `idempotency.conflict`).
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

  const find = async (handle: DbOrTx) => {
    const [stored] = await handle.select().from(withdrawals).where(and(eq(withdrawals.operatorId, input.operatorId), eq(withdrawals.idempotencyKey, key)));
    return stored;
  };
  const { result: withdrawal, replayed } = await runIdempotent({
    find: () => find(db),
    contentOf: (stored: Withdrawal) => ({ userId: stored.userId, amount: new Cny(stored.amount) }),
    content: { userId: input.userId, amount },
    resultOf: (stored) => stored,
    create: async (replay) => {
      try {
        return await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`withdrawal:${input.userId}`}))`);
          // A twin of this request may have committed while we waited for the investor's lock.
          const twin = await find(tx);
          if (twin) return replay(twin);
          await checkDailyLimit(tx, input.userId, amount, limit, now);
          return { result: await holdAndRecord(tx, { operatorId: input.operatorId, userId: input.userId, amount, key, profile, now }), replayed: false };
        });
      } catch (error) {
        if (isDomainError(error) && error.code === "ledger.insufficient_funds") throw new DomainError("withdrawal.insufficient_balance", { field: "amount" });
        throw error;
      }
    },
    keyConstraints: ["withdrawals_operator_key_key"],
    conflict: { field: "amount" },
  });
  return { withdrawal, replayed };
}

/** Today's (Beijing) requests not rejected or failed, plus this one, must stay within the limit. */
async function checkDailyLimit(tx: DbOrTx, userId: string, amount: Decimal, limit: Decimal, now: Date): Promise<void> {
  const [today] = await tx
    .select({ total: sql<string>`coalesce(sum(${withdrawals.amount}), 0)::text` })
    .from(withdrawals)
    .where(and(eq(withdrawals.userId, userId), notInArray(withdrawals.status, ["rejected", "failed"]), gte(withdrawals.requestedAt, startOfBeijingDay(beijingDate(now)))));
  const usedToday = new Cny(today?.total ?? "0");
  if (usedToday.plus(amount).gt(limit)) {
    throw new DomainError("withdrawal.daily_limit", { field: "amount", details: { limit: limit.toFixed(2), left: Cny.max(0, limit.minus(usedToday)).toFixed(2) } });
  }
}

/** Holds the amount (available → held) and stores the request under its new id. */
async function holdAndRecord(
  tx: DbOrTx,
  input: { operatorId: string; userId: string; amount: Decimal; key: string; profile: Profile; now: Date },
): Promise<Withdrawal> {
  const { operatorId, userId, amount, profile, now } = input;
  const available = await openAccount(tx, { operatorId, ...chart.walletAvailable(userId) });
  const held = await openAccount(tx, { operatorId, ...chart.walletHeld(userId) });
  const id = randomUUID();
  const { hold } = await placeHold(tx, {
    operatorId,
    idempotencyKey: `withdrawal:${id}`,
    debitAccountId: available.id,
    creditAccountId: held.id,
    amountCny: amount,
    kind: "withdrawal",
    memo: `提现至 ${profile.bankCode} ${profile.bankCardMasked}`,
    cause: { type: "withdrawal", id },
    placedBy: { userId },
    now,
  });
  const [row] = await tx
    .insert(withdrawals)
    .values({
      id,
      operatorId,
      userId,
      amount: formatCny(amount),
      holdId: hold.id,
      bankCode: profile.bankCode,
      bankCardMasked: profile.bankCardMasked,
      idempotencyKey: input.key,
      requestedAt: now,
    })
    .returning();
  await recordAudit(tx, { operatorId, actorUserId: userId, action: "withdrawal.requested", subject: id, details: { amount: formatCny(amount) } }, now);
  return row!;
}
