import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { investorProfiles, storeCashTopUps, stores, userRoles, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { maskPhone } from "../shared/mask-phone";
import { chart, openAccount, postEntry } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { getClerkStore } from "../stores";
import { isUniqueViolation } from "./db-errors";
import { maskName } from "./identity-checks";
import { CASH_TOP_UP_MAX_CNY, CASH_TOP_UP_MIN_CNY } from "./limits";
import { parseFormAmount } from "../ledger/money-input";
import { maskIdNumber } from "../shared/resident-id";

export type StoreCashTopUp = typeof storeCashTopUps.$inferSelect;

export interface InvestorAtCounter {
  userId: string;
  phoneMasked: string;
  /** Masked legal name, for the clerk to compare with the ID card shown. */
  nameMasked: string;
  idNumberMasked: string;
}

/** The clerk's lookup by phone: only real-named investors can be credited. */
export async function findInvestorAtCounter(db: DbOrTx, input: { operatorId: string; phone: string }): Promise<InvestorAtCounter> {
  const phone = input.phone.replace(/\s+/g, "");
  if (!/^1\d{10}$/.test(phone)) throw new DomainError("phone.invalid", { field: "phone" });
  const [row] = await db
    .select({ userId: users.id, phone: users.phone, legalName: investorProfiles.legalName, idNumberMasked: investorProfiles.idNumberMasked })
    .from(users)
    .innerJoin(investorProfiles, eq(investorProfiles.userId, users.id))
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "investor")))
    .where(and(eq(users.operatorId, input.operatorId), eq(users.phone, phone)));
  if (!row) throw new DomainError("topup.investor_not_found", { field: "phone" });
  return { userId: row.userId, phoneMasked: maskPhone(row.phone), nameMasked: maskName(row.legalName), idNumberMasked: maskIdNumber(row.idNumberMasked) };
}

/** A replay is the same key with the same investor, amount and receipt; anything else is refused. */
function replayOf(first: StoreCashTopUp, asked: { investorUserId: string; amount: Cny; receiptNo: string }): { topUp: StoreCashTopUp; replayed: true } {
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
    const topUp = await db.transaction(async (tx) => {
      const clearing = await openAccount(tx, { operatorId: input.operatorId, ...chart.clearingStore(store.id) });
      const wallet = await openAccount(tx, { operatorId: input.operatorId, ...chart.walletAvailable(investor.userId) });
      const { entry } = await postEntry(tx, {
        operatorId: input.operatorId,
        idempotencyKey: `cash-top-up:${id}`,
        kind: "top_up",
        memo: `门店现金充值 ${store.code} 收据 ${receiptNo}`,
        cause: { type: "top_up", id },
        postedBy: { userId: input.clerkUserId },
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
          operatorId: input.operatorId,
          storeId: store.id,
          clerkUserId: input.clerkUserId,
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
        { operatorId: input.operatorId, actorUserId: input.clerkUserId, action: "cash_top_up.recorded", subject: id, details: { store: store.code, receiptNo, amount: formatCny(amount), investor: investor.userId } },
        now,
      );
      return row!;
    });
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

export interface CashReceipt {
  topUp: StoreCashTopUp;
  store: { code: string; nameZh: string; nameEn: string; addressZh: string };
  clerkName: string | null;
  investor: { nameMasked: string; phoneMasked: string };
}

/** A receipt for printing: the store's own clerks see their store's receipts. */
export async function getCashReceipt(db: DbOrTx, input: { operatorId: string; clerkUserId: string; topUpId: string }): Promise<CashReceipt> {
  if (!/^[0-9a-f-]{36}$/i.test(input.topUpId)) throw new DomainError("topup.not_found");
  const store = await getClerkStore(db, { operatorId: input.operatorId, userId: input.clerkUserId });
  if (!store) throw new DomainError("topup.no_store");
  const [row] = await db
    .select({ topUp: storeCashTopUps, store: stores })
    .from(storeCashTopUps)
    .innerJoin(stores, eq(stores.id, storeCashTopUps.storeId))
    .where(and(eq(storeCashTopUps.id, input.topUpId), eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.storeId, store.id)));
  if (!row) throw new DomainError("topup.not_found");
  const [clerk] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.topUp.clerkUserId));
  const [investor] = await db
    .select({ phone: users.phone, legalName: investorProfiles.legalName })
    .from(users)
    .leftJoin(investorProfiles, eq(investorProfiles.userId, users.id))
    .where(eq(users.id, row.topUp.investorUserId));
  return {
    topUp: row.topUp,
    store: { code: row.store.code, nameZh: row.store.nameZh, nameEn: row.store.nameEn, addressZh: row.store.addressZh },
    clerkName: clerk?.name ?? null,
    investor: { nameMasked: maskName(investor?.legalName ?? null), phoneMasked: investor ? maskPhone(investor.phone) : "" },
  };
}

/** The store's recent cash top-ups, newest first (the clerk's day list). */
export async function listStoreCashTopUps(db: DbOrTx, input: { operatorId: string; clerkUserId: string; limit?: number }): Promise<StoreCashTopUp[]> {
  const store = await getClerkStore(db, { operatorId: input.operatorId, userId: input.clerkUserId });
  if (!store) return [];
  return db
    .select()
    .from(storeCashTopUps)
    .where(and(eq(storeCashTopUps.operatorId, input.operatorId), eq(storeCashTopUps.storeId, store.id)))
    .orderBy(desc(storeCashTopUps.createdAt))
    .limit(input.limit ?? 20);
}
