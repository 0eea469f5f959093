import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { debtTransfers, loans } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { installmentsOf } from "./claim-state";
import { listingView, type ListingView } from "./listing-view";

/** One listing with today's price (the buy page); any of the operator's investors may see a listed one, the parties any. */
export async function getTransferListing(db: Db, input: { operatorId: string; viewerUserId: string; listingId: string; now?: Date }): Promise<ListingView & { buyerUserId: string | null }> {
  if (!isUuid(input.listingId)) throw new DomainError("transfer.not_found");
  const [row] = await db
    .select({ listing: debtTransfers, loan: loans })
    .from(debtTransfers)
    .innerJoin(loans, eq(loans.id, debtTransfers.loanId))
    .where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.id, input.listingId)));
  if (!row) throw new DomainError("transfer.not_found");
  const party = row.listing.sellerUserId === input.viewerUserId || row.listing.buyerUserId === input.viewerUserId;
  if (row.listing.status !== "listed" && !party) throw new DomainError("transfer.not_found");
  return { ...listingView(row, await installmentsOf(db, row.loan.id), input.viewerUserId, input.now ?? new Date()), buyerUserId: row.listing.buyerUserId };
}
