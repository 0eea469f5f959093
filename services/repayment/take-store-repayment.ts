import { and, eq, sql } from "drizzle-orm";
import type { Notify } from "../notifications";
import type { Db, DbOrTx } from "../../db/client";
import { repayments, storeCashTopUps, storeCashUps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { Cny, parseAmountCny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { DomainError, isDomainError } from "../shared/errors";
import { getClerkStore, type Store } from "../stores";
import { runIdempotent } from "../shared/idempotency";
import { applyRepayments, type AppliedRepayment } from "./apply-repayments";
import { replayedRepayment } from "./plan-repayments";

/** Receipt numbers as printed in the store's receipt book (the same rule as cash top-ups). */
export const RECEIPT_NO = /^[A-Z0-9-]{1,32}$/;

export function normalizeReceiptNo(raw: string): string {
  const receiptNo = raw.trim().toUpperCase();
  if (!RECEIPT_NO.test(receiptNo)) throw new DomainError("repayment.invalid_reference", { field: "receiptNo" });
  return receiptNo;
}

/** Serialises a store's business day: cash taken and the day's cash-up never interleave. */
export async function lockStoreDay(tx: DbOrTx, storeId: string, date: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`store-day:${storeId}:${date}`}))`);
}

export async function requireClerkStore(db: DbOrTx, input: { operatorId: string; clerkUserId: string }): Promise<Store> {
  const store = await getClerkStore(db, { operatorId: input.operatorId, userId: input.clerkUserId });
  if (!store) throw new DomainError("repayment.store_required");
  return store;
}

/**
 * Cash a borrower pays at the clerk's store counter: applied through `applyRepayments`
 * (source `store_cash`, the store's clearing account debited) with the receipt number as
 * the reference. The same receipt for the same loan, amount, kind and store is a replay (the
 * first result comes back, nothing changes); the receipt already used for another loan,
 * amount, kind or store is `idempotency.conflict` (shared/idempotency.ts), and one used for a
 * cash top-up at this store is `repayment.receipt_taken` — both beside the receipt field.
 * Refused once the store's business day is closed (日结).
 */
export async function takeStoreRepayment(
  db: Db,
  input: { operatorId: string; clerkUserId: string; loanId: string; amount: string; receiptNo: string; kind: "installment" | "payoff"; now?: Date; notify?: Notify },
): Promise<AppliedRepayment & { storeId: string }> {
  const now = input.now ?? new Date();
  const store = await requireClerkStore(db, input);
  const receiptNo = normalizeReceiptNo(input.receiptNo);
  let amount: Cny;
  try {
    amount = new Cny(parseAmountCny(input.amount.trim()));
  } catch {
    throw new DomainError("repayment.invalid_amount", { field: "amount" });
  }
  if (amount.lte(0) || amount.decimalPlaces() > 2) throw new DomainError("repayment.invalid_amount", { field: "amount" });
  if (!/^[0-9a-f-]{36}$/i.test(input.loanId)) throw new DomainError("repayment.loan_not_found");
  const businessDate = beijingDate(now);

  const find = async (handle: DbOrTx) => {
    const [stored] = await handle
      .select()
      .from(repayments)
      .where(and(eq(repayments.operatorId, input.operatorId), eq(repayments.source, "store_cash"), eq(repayments.reference, receiptNo)));
    return stored;
  };
  try {
    const { result, replayed } = await runIdempotent({
      find: () => find(db),
      contentOf: (stored: typeof repayments.$inferSelect) => ({ loanId: stored.loanId, amount: new Cny(stored.amount), storeId: stored.storeId, kind: stored.kind }),
      content: { loanId: input.loanId, amount, storeId: store.id, kind: input.kind },
      resultOf: (stored) => ({ ...replayedRepayment(stored), storeId: store.id }),
      create: (replay) =>
        db.transaction(async (tx) => {
          await lockStoreDay(tx, store.id, businessDate);
          // A twin of this form may have committed while we waited for the store day's lock.
          const twin = await find(tx);
          if (twin) return replay(twin);
          await checkReceiptFree(tx, { storeId: store.id, receiptNo, businessDate });
          const applied = await applyAtCounter(tx, { ...input, store, receiptNo, amount, now });
          return { result: { ...applied, storeId: store.id }, replayed: false };
        }),
      keyConstraints: ["repayments_source_reference_key"],
      conflict: { field: "receiptNo" },
    });
    return { ...result, replayed };
  } catch (error) {
    if (isDomainError(error) && error.field === "reference") throw new DomainError(error.code, { field: "receiptNo", details: { ...error.details } });
    throw error;
  }
}

/** The repayment applied (source `store_cash`, the receipt as reference) and its audit line. */
async function applyAtCounter(
  tx: DbOrTx,
  input: { operatorId: string; clerkUserId: string; loanId: string; kind: "installment" | "payoff"; store: Store; receiptNo: string; amount: Cny; now: Date; notify?: Notify },
): Promise<AppliedRepayment> {
  const { store, receiptNo, amount, now } = input;
  const [applied] = await applyRepayments(tx, {
    operatorId: input.operatorId,
    postedBy: { userId: input.clerkUserId },
    requests: [
      { loanId: input.loanId, source: "store_cash", storeId: store.id, reference: receiptNo, amountCny: amount, kind: input.kind, receivedAt: now, receivedByUserId: input.clerkUserId },
    ],
    now,
    notify: input.notify,
  });
  await recordAudit(
    tx,
    { operatorId: input.operatorId, actorUserId: input.clerkUserId, action: "store_repayment.taken", subject: applied!.repaymentId, details: { store: store.code, receiptNo, amount: amount.toFixed(2), loan: input.loanId, kind: input.kind } },
    now,
  );
  return applied!;
}

/** An unused receipt: not on a cash top-up at this store, and the store's day still open. */
async function checkReceiptFree(tx: DbOrTx, input: { storeId: string; receiptNo: string; businessDate: string }): Promise<void> {
  const { receiptNo } = input;
  const [topUp] = await tx
    .select({ id: storeCashTopUps.id })
    .from(storeCashTopUps)
    .where(and(eq(storeCashTopUps.storeId, input.storeId), eq(storeCashTopUps.receiptNo, receiptNo)));
  if (topUp) throw new DomainError("repayment.receipt_taken", { field: "receiptNo", details: { receiptNo } });
  const [closed] = await tx
    .select({ id: storeCashUps.id })
    .from(storeCashUps)
    .where(and(eq(storeCashUps.storeId, input.storeId), eq(storeCashUps.businessDate, input.businessDate)));
  if (closed) throw new DomainError("repayment.day_closed", { details: { date: input.businessDate } });
}
