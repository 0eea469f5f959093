import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { debtTransfers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { refuseUnlessSame } from "../shared/idempotency";
import type { TransferListing } from "./list-claim";
import { checkFormKey } from "./parse-listing";

/**
 * The seller takes their listing off the list (撤销转让). Under the listing's row lock (a buyer
 * takes it too): only a listed one can be cancelled. The form's key makes a repeat return the first
 * answer — also when it races its twin — and the same key for another listing is refused.
 */
export async function cancelTransferListing(
  db: Db,
  input: { operatorId: string; sellerUserId: string; listingId: string; idempotencyKey: string; now?: Date },
): Promise<{ listing: TransferListing; replayed: boolean }> {
  const now = input.now ?? new Date();
  const key = checkFormKey(input.idempotencyKey);
  if (!isUuid(input.listingId)) throw new DomainError("transfer.not_found");
  const content = { listingId: input.listingId, sellerUserId: input.sellerUserId };
  const replayOf = (stored: TransferListing) => {
    refuseUnlessSame({ listingId: stored.id, sellerUserId: stored.sellerUserId }, content, { field: "_form" });
    return { listing: stored, replayed: true };
  };
  const byKey = async (handle: DbOrTx) =>
    (await handle.select().from(debtTransfers).where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.cancelKey, key))))[0];
  const early = await byKey(db);
  if (early) return replayOf(early);
  return db.transaction(async (tx) => {
    const [listing] = await tx
      .select()
      .from(debtTransfers)
      .where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.id, input.listingId), eq(debtTransfers.sellerUserId, input.sellerUserId)))
      .for("update");
    if (!listing) throw new DomainError("transfer.not_found");
    // A twin that took the lock first has cancelled it under this key.
    if (listing.cancelKey === key) return replayOf(listing);
    const twin = await byKey(tx);
    if (twin) return replayOf(twin);
    if (listing.status !== "listed") throw new DomainError("transfer.not_available", { details: { status: listing.status } });
    const [cancelled] = await tx
      .update(debtTransfers)
      .set({ status: "cancelled", cancelKey: key, closedAt: now })
      .where(eq(debtTransfers.id, listing.id))
      .returning();
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.sellerUserId, action: "transfer.cancelled", subject: listing.id, details: { loanId: listing.loanId } }, now);
    return { listing: cancelled!, replayed: false };
  });
}
