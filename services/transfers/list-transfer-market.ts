import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { debtTransfers, loanInstallments, loans } from "../../db/schema";
import type { InstallmentState } from "../repayment/compute-due";
import { MARKET_PAGE_SIZE } from "./limits";
import { listingView, type ListingView } from "./listing-view";
import { sweepTransferListings } from "./sweep-listings";

/**
 * The 转让专区 list: listed, unexpired listings of the operator, newest first, a page at a time,
 * each with today's price. Stale listings are swept first so none is offered.
 */
export async function listTransferMarket(db: Db, input: { operatorId: string; viewerUserId: string; page?: number; now?: Date }): Promise<{ listings: ListingView[]; page: number; hasMore: boolean }> {
  const now = input.now ?? new Date();
  await sweepTransferListings(db, { operatorId: input.operatorId, now });
  const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), 1000);
  const rows = await db
    .select({ listing: debtTransfers, loan: loans })
    .from(debtTransfers)
    .innerJoin(loans, eq(loans.id, debtTransfers.loanId))
    .where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.status, "listed"), gt(debtTransfers.expiresAt, now)))
    .orderBy(desc(debtTransfers.createdAt), asc(debtTransfers.id))
    .limit(MARKET_PAGE_SIZE + 1)
    .offset((page - 1) * MARKET_PAGE_SIZE);
  const shown = rows.slice(0, MARKET_PAGE_SIZE);
  const installments = await installmentsByLoan(db, [...new Set(shown.map((r) => r.loan.id))]);
  return {
    listings: shown.map((row) => listingView(row, installments.get(row.loan.id) ?? [], input.viewerUserId, now)),
    page,
    hasMore: rows.length > MARKET_PAGE_SIZE,
  };
}

export async function installmentsByLoan(db: Db, loanIds: string[]): Promise<Map<string, InstallmentState[]>> {
  const byLoan = new Map<string, InstallmentState[]>();
  if (loanIds.length === 0) return byLoan;
  const rows = await db.select().from(loanInstallments).where(inArray(loanInstallments.loanId, loanIds)).orderBy(asc(loanInstallments.loanId), asc(loanInstallments.n));
  for (const row of rows) byLoan.set(row.loanId, [...(byLoan.get(row.loanId) ?? []), row]);
  return byLoan;
}
