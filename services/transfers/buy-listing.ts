import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { debtTransfers, loans } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { notifyUser, type Notify } from "../notifications/notify-user";
import { checkInvestor } from "../investing/check-investor";
import { openAccount, postEntry } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { DomainError, isDomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { formatMoney } from "../shared/money-text";
import { runIdempotent } from "../shared/idempotency";
import { assertTradable, claimBalance, installmentsOf, lockLoan } from "./claim-state";
import type { TransferListing } from "./list-claim";
import { checkFormKey } from "./parse-listing";
import { quoteTransfer } from "./quote-transfer";
import { transferPostings } from "./transfer-postings";

/**
 * An investor buys a listing (购买转让债权). The buyer passes the same gate as manual investing
 * (registered, a current risk assessment allowing the loan's level, not their own loan); then,
 * under the loan's row lock (the lock repayment takes) and the listing's, the listing must still be
 * listed and unexpired, the loan repaying and not overdue, the seller's claim still covering it, and
 * today's price the one the buyer was shown. One balanced ledger entry (`transfer:<id>`) moves the
 * claim and the money (transfer-postings.ts); the listing becomes `sold`. Two buyers queue on the
 * locks and the second finds it sold. The form's key makes a repeat return the first purchase.
 * The seller is told (SMS and inbox, `notify`) in the same transaction, with what reached their wallet.
 */
export async function buyTransferListing(
  db: Db,
  input: { operatorId: string; buyerUserId: string; listingId: string; shownPrice: string; idempotencyKey: string; now?: Date; notify?: Notify },
): Promise<{ transfer: TransferListing; replayed: boolean }> {
  const now = input.now ?? new Date();
  const key = checkFormKey(input.idempotencyKey);
  if (!isUuid(input.listingId)) throw new DomainError("transfer.not_found");
  const shownPrice = new Cny(/^\d{1,12}(\.\d{1,2})?$/.test(input.shownPrice) ? input.shownPrice : "-1");
  const find = async (handle: DbOrTx) =>
    (await handle.select().from(debtTransfers).where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.buyKey, key))))[0];
  const { result, replayed } = await runIdempotent({
    find: () => find(db),
    contentOf: (stored: TransferListing) => ({ listingId: stored.id, buyerUserId: stored.buyerUserId, price: new Cny(stored.price ?? "0") }),
    content: { listingId: input.listingId, buyerUserId: input.buyerUserId, price: shownPrice },
    resultOf: (stored) => stored,
    create: async (replay) => {
      const [listing] = await db.select().from(debtTransfers).where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.id, input.listingId)));
      if (!listing) throw new DomainError("transfer.not_found");
      if (listing.sellerUserId === input.buyerUserId) throw new DomainError("transfer.own_listing");
      const [loan] = await db.select().from(loans).where(eq(loans.id, listing.loanId));
      await checkInvestor(db, { operatorId: input.operatorId, investorUserId: input.buyerUserId, loan: loan!, now });
      try {
        return await db.transaction(async (tx) => {
          const locked = await lockLoan(tx, input.operatorId, listing.loanId);
          const twin = await find(tx);
          if (twin) return replay(twin);
          const sold = await sellUnderLock(tx, { ...input, key, loan: locked, shownPrice, now });
          return { result: sold, replayed: false };
        });
      } catch (error) {
        if (isDomainError(error) && error.code === "ledger.insufficient_funds") throw new DomainError("transfer.insufficient_balance", { field: "price" });
        throw error;
      }
    },
    keyConstraints: ["debt_transfers_buy_key"],
    conflict: { field: "price" },
  });
  return { transfer: result, replayed };
}

/** On the locked loan: lock the listing, check it can still be sold at the shown price, book the entry, mark it sold. */
async function sellUnderLock(
  tx: DbOrTx,
  input: { operatorId: string; buyerUserId: string; listingId: string; key: string; loan: Awaited<ReturnType<typeof lockLoan>>; shownPrice: Decimal; now: Date; notify?: Notify },
): Promise<TransferListing> {
  const { loan, now } = input;
  const [listing] = await tx.select().from(debtTransfers).where(eq(debtTransfers.id, input.listingId)).for("update");
  if (!listing || listing.status !== "listed" || listing.expiresAt.getTime() <= now.getTime()) throw new DomainError("transfer.not_available");
  const today = beijingDate(now);
  const installments = await installmentsOf(tx, loan.id);
  assertTradable(loan, installments, today);
  const principal = new Cny(listing.principal);
  if ((await claimBalance(tx, input.operatorId, listing.sellerUserId, loan.id)).lt(principal)) throw new DomainError("transfer.not_available");
  const quote = quoteTransfer({
    installments,
    disbursedOn: beijingDate(loan.disbursedAt!),
    asOf: today,
    serviceFeeRate: loan.serviceFeeRate,
    principal,
    priceRate: new Cny(listing.priceRate),
    feeRate: new Cny(listing.feeRate),
  });
  if (!quote.price.eq(input.shownPrice)) throw new DomainError("transfer.price_changed", { field: "price", details: { price: formatCny(quote.price) } });
  const postings = [];
  for (const p of transferPostings({ loanId: loan.id, sellerUserId: listing.sellerUserId, buyerUserId: input.buyerUserId, principal, price: quote.price, fee: quote.fee })) {
    const account = await openAccount(tx, { operatorId: input.operatorId, ...p.account });
    postings.push({ accountId: account.id, amountCny: formatCny(p.amountCny) });
  }
  const { entry } = await postEntry(tx, {
    operatorId: input.operatorId,
    idempotencyKey: `transfer:${listing.id}`,
    kind: "transfer",
    memo: `债权转让 ${loan.titleZh}`.slice(0, 200),
    cause: { type: "transfer", id: listing.id },
    postedBy: { userId: input.buyerUserId },
    postings,
    now,
  });
  const [sold] = await tx
    .update(debtTransfers)
    .set({ status: "sold", buyerUserId: input.buyerUserId, buyKey: input.key, price: formatCny(quote.price), fee: formatCny(quote.fee), accruedInterest: formatCny(quote.accruedInterest), entryId: entry.id, soldAt: now })
    .where(eq(debtTransfers.id, listing.id))
    .returning();
  await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.buyerUserId, action: "transfer.bought", subject: listing.id, details: { loanId: loan.id, principal: listing.principal, price: formatCny(quote.price), fee: formatCny(quote.fee) } }, now);
  await notifyUser(tx, input.notify, {
    operatorId: input.operatorId,
    userId: listing.sellerUserId,
    kind: "claim_sold",
    params: { title: loan.titleZh, principal: formatMoney(listing.principal), proceeds: formatMoney(formatCny(quote.price.minus(quote.fee))) },
  });
  return sold!;
}
