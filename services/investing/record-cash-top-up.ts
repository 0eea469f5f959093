import { randomUUID } from "node:crypto";
import type Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { storeCashTopUps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { chart, openAccount, postEntry } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { runIdempotent } from "../shared/idempotency";
import { getClerkStore } from "../stores";
import { isUniqueViolation } from "./db-errors";
import { findInvestorAtCounter } from "./find-investor-at-counter";
import { CASH_TOP_UP_MAX_CNY, CASH_TOP_UP_MIN_CNY } from "./limits";
import { parseFormAmount } from "../ledger/money-input";

export type StoreCashTopUp = typeof storeCashTopUps.$inferSelect;

/**
 * Cash handed over at a store counter for an investor's wallet: one entry
 * Dr clearing:store:<store> / Cr wallet:available (key `cash-top-up:<id>`) and the record
 * the printed receipt shows, in one transaction. The receipt number is unique per store;
 * the form's idempotency key makes a repeated submit return the first record (shared/idempotency.ts:
 * the same investor, amount, receipt and store; anything else is `idempotency.conflict`).
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

  const findByKey = async () => {
    const [stored] = await db.select().from(storeCashTopUps).where(and(eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.idempotencyKey, key)));
    return stored;
  };
  try {
    const { result: topUp, replayed } = await runIdempotent({
      find: findByKey,
      contentOf: (stored: StoreCashTopUp) => ({ investorUserId: stored.investorUserId, amount: new Cny(stored.amount), receiptNo: stored.receiptNo, storeId: stored.storeId }),
      content: { investorUserId: investor.userId, amount, receiptNo, storeId: store.id },
      resultOf: (stored) => stored,
      create: async () => {
        const id = randomUUID();
        const row = await db.transaction((tx) => postCashTopUp(tx, { id, operatorId: input.operatorId, clerkUserId: input.clerkUserId, store, investorUserId: investor.userId, amount, receiptNo, key, now }));
        return { result: row, replayed: false };
      },
      // Either unique rule may fire first for a twin of this very form; the key decides.
      keyConstraints: ["store_cash_top_ups_operator_key_key", "store_cash_top_ups_store_receipt_key"],
      conflict: { field: "amount", fieldOf: { receiptNo: "receiptNo" } },
    });
    return { topUp, replayed };
  } catch (error) {
    if (isUniqueViolation(error, "store_cash_top_ups_store_receipt_key")) throw new DomainError("topup.receipt_taken", { field: "receiptNo" });
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
