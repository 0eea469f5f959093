import { randomUUID } from "node:crypto";
import type Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { storeCashTopUps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart, openAccount, postEntry } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { getClerkStore } from "../stores";
import { isUniqueViolation } from "./db-errors";
import { findInvestorAtCounter } from "./find-investor-at-counter";
import { CASH_TOP_UP_MAX_CNY, CASH_TOP_UP_MIN_CNY } from "./limits";
import { parseFormAmount } from "../ledger/money-input";

export type StoreCashTopUp = typeof storeCashTopUps.$inferSelect;

/** A replay is the same key with the same investor, amount and receipt; anything else is refused. */
function replayOf(first: StoreCashTopUp, asked: { investorUserId: string; amount: Decimal; receiptNo: string }): { topUp: StoreCashTopUp; replayed: true } {
  if (first.investorUserId !== asked.investorUserId || !new Cny(first.amount).eq(asked.amount) || first.receiptNo !== asked.receiptNo) {
    throw new DomainError("topup.receipt_taken", { field: "receiptNo" });
  }
  return { topUp: first, replayed: true };
}

/**
 * Cash handed over at a store counter for an investor's wallet: one entry
 * Dr clearing:store:<store> / Cr wallet:available (key `cash-top-up:<id>`) and the record
 * the printed receipt shows, in one transaction. The receipt number is unique per store;
 * the form's idempotency key makes a repeated submit return the first record.
 */
export async function recordCashTopUp(
  db: Db,
  input: { operatorId: string; clerkUserId: string; investorPhone: string; amount: string; receiptNo: string; idempotencyKey: string; now?: Date },
): Promise<{ topUp: StoreCashTopUp; replayed: boolean }> {
  const now = input.now ?? new Date();
  const store = await getClerkStore(db, { operatorId: input.operatorId, userId: input.clerkUserId });
  if (!store) throw new DomainError("topup.no_store");
  const investor = await findInvestorAtCounter(db, { operatorId: input.operatorId, phone: input.investorPhone });
  const amount = parseFormAmount(input.amount, { min: CASH_TOP_UP_MIN_CNY, max: CASH_TOP_UP_MAX_CNY }, "topup.amount_invalid");
  const receiptNo = input.receiptNo.trim().toUpperCase();
  if (!/^[A-Z0-9-]{1,32}$/.test(receiptNo)) throw new DomainError("topup.receipt_invalid", { field: "receiptNo" });
  const key = input.idempotencyKey.trim();
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) throw new DomainError("topup.receipt_invalid", { field: "receiptNo" });

  const [existing] = await db
    .select()
    .from(storeCashTopUps)
    .where(and(eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.idempotencyKey, key)));
  if (existing) return replayOf(existing, { investorUserId: investor.userId, amount, receiptNo });
  const id = randomUUID();
  try {
    const topUp = await db.transaction((tx) => postCashTopUp(tx, { id, operatorId: input.operatorId, clerkUserId: input.clerkUserId, store, investorUserId: investor.userId, amount, receiptNo, key, now }));
    return { topUp, replayed: false };
  } catch (error) {
    if (isUniqueViolation(error, "store_cash_top_ups_store_receipt_key")) throw new DomainError("topup.receipt_taken", { field: "receiptNo" });
    if (isUniqueViolation(error, "store_cash_top_ups_operator_key_key")) {
      const [twin] = await db.select().from(storeCashTopUps).where(and(eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.idempotencyKey, key)));
      // A concurrent submit with the same key won the race: the same content is its replay,
      // other content is refused — never answered with the winner's record.
      if (twin) return replayOf(twin, { investorUserId: investor.userId, amount, receiptNo });
    }
    throw error;
  }
}

/** The entry Dr clearing:store / Cr wallet:available, the record the receipt shows, and the audit line. */
async function postCashTopUp(
  tx: DbOrTx,
  input: { id: string; operatorId: string; clerkUserId: string; store: { id: string; code: string }; investorUserId: string; amount: Decimal; receiptNo: string; key: string; now: Date },
): Promise<StoreCashTopUp> {
  const { id, operatorId, clerkUserId, store, amount, receiptNo, key, now } = input;
  const investor = { userId: input.investorUserId };
  const clearing = await openAccount(tx, { operatorId, ...chart.clearingStore(store.id) });
  const wallet = await openAccount(tx, { operatorId, ...chart.walletAvailable(investor.userId) });
  const { entry } = await postEntry(tx, {
    operatorId,
    idempotencyKey: `cash-top-up:${id}`,
    kind: "top_up",
    memo: `门店现金充值 ${store.code} 收据 ${receiptNo}`,
    cause: { type: "top_up", id },
    postedBy: { userId: clerkUserId },
    postings: [
      { accountId: clearing.id, amountCny: formatCny(amount) },
      { accountId: wallet.id, amountCny: formatCny(amount.negated()) },
    ],
    now,
  });
  const [row] = await tx
    .insert(storeCashTopUps)
    .values({
      id,
      operatorId,
      storeId: store.id,
      clerkUserId,
      investorUserId: investor.userId,
      amount: formatCny(amount),
      receiptNo,
      idempotencyKey: key,
      entryId: entry.id,
      createdAt: now,
    })
    .returning();
  await recordAudit(
    tx,
    { operatorId, actorUserId: clerkUserId, action: "cash_top_up.recorded", subject: id, details: { store: store.code, receiptNo, amount: formatCny(amount), investor: investor.userId } },
    now,
  );
  return row!;
}
