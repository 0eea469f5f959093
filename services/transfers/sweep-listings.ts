import { and, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "../../db/client";
import { debtTransfers, loans } from "../../db/schema";
import { Cny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { claimBalance, installmentsOf, untradableReason } from "./claim-state";

export interface SweptListings {
  expired: number;
  withdrawn: number;
}

/**
 * Takes stale listings off the 转让专区 list (daily, in due processing, and before the list is
 * read): unsold past their validity → `expired`; the loan overdue or repaid in full, or the seller's
 * claim below the listed principal → `withdrawn` with the reason. Each update is conditional on the
 * row still being `listed`, so a purchase that committed first keeps its `sold`.
 */
export async function sweepTransferListings(db: Db, input: { operatorId: string; now?: Date }): Promise<SweptListings> {
  const now = input.now ?? new Date();
  const expired = await db
    .update(debtTransfers)
    .set({ status: "expired", closedAt: now })
    .where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.status, "listed"), lte(debtTransfers.expiresAt, now)))
    .returning({ id: debtTransfers.id });
  const open = await db
    .select({ id: debtTransfers.id, sellerUserId: debtTransfers.sellerUserId, principal: debtTransfers.principal, loan: loans })
    .from(debtTransfers)
    .innerJoin(loans, eq(loans.id, debtTransfers.loanId))
    .where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.status, "listed")));
  const today = beijingDate(now);
  const reasons = new Map<string, string[]>();
  const installmentsByLoan = new Map<string, Awaited<ReturnType<typeof installmentsOf>>>();
  for (const listing of open) {
    if (!installmentsByLoan.has(listing.loan.id)) installmentsByLoan.set(listing.loan.id, await installmentsOf(db, listing.loan.id));
    let reason: string | null = untradableReason(listing.loan, installmentsByLoan.get(listing.loan.id)!, today);
    if (!reason && (await claimBalance(db, input.operatorId, listing.sellerUserId, listing.loan.id)).lt(new Cny(listing.principal))) reason = "claim_reduced";
    if (reason) reasons.set(reason, [...(reasons.get(reason) ?? []), listing.id]);
  }
  let withdrawn = 0;
  for (const [reason, ids] of reasons) {
    const rows = await db
      .update(debtTransfers)
      .set({ status: "withdrawn", closeReason: reason, closedAt: now })
      .where(and(inArray(debtTransfers.id, ids), eq(debtTransfers.status, "listed")))
      .returning({ id: debtTransfers.id });
    withdrawn += rows.length;
  }
  return { expired: expired.length, withdrawn };
}
