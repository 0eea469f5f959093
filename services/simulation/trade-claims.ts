import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { debtTransfers, investments, loans } from "../../db/schema";
import { getWallet } from "../investing/get-wallet";
import { Cny } from "../ledger/money";
import { addDays, beijingDate } from "../shared/calendar";
import { isDomainError } from "../shared/errors";
import { buyTransferListing, getTransferListing, getTransferSettings, listClaimForTransfer, previewListing, type TransferSettings } from "../transfers";
import type { SimInvestor } from "./people";
import type { SimWorld } from "./world";

/** One investor in four sells on the transfer market, one in four buys (no random draw: the run's other choices stay as they were). */
const sells = (investor: SimInvestor) => investor.n % 4 === 1;
const buys = (investor: SimInvestor) => investor.n % 4 === 2;
/** Listings a day, so a long run does not sell every claim. */
const LISTINGS_PER_DAY = 2;

/**
 * The day's transfer market (12:00), through the services: sellers list half of one claim each (held past the
 * holding period, once per loan) at 99%; buyers with the cash buy what is listed at today's price. Refusals
 * the rules make (an overdue loan, a claim reduced, not enough cash, the risk gate) are skipped as a person would.
 */
export async function tradeClaims(db: Db, world: SimWorld, input: { investors: readonly SimInvestor[]; at: Date }): Promise<{ listed: number; bought: number }> {
  const settings = await getTransferSettings(db, world.operatorId);
  const heldSince = addDays(beijingDate(input.at), -settings.holdingPeriodDays);
  const sellerIds = input.investors.filter((i) => sells(i) && i.userId).map((i) => i.userId!);
  let listed = 0;
  if (sellerIds.length > 0) {
    const candidates = await db
      .selectDistinct({ loanId: investments.loanId, sellerUserId: investments.investorUserId, disbursedAt: loans.disbursedAt })
      .from(investments)
      .innerJoin(loans, eq(loans.id, investments.loanId))
      .where(
        and(
          eq(loans.operatorId, world.operatorId),
          eq(loans.status, "disbursed"),
          eq(investments.status, "confirmed"),
          sql`${investments.investorUserId} = any(${`{${sellerIds.join(",")}}`}::uuid[])`,
          sql`(${loans.disbursedAt} at time zone 'Asia/Shanghai')::date <= ${heldSince}::date`,
          sql`not exists (select 1 from ${debtTransfers} d where d.loan_id = ${loans.id} and d.seller_user_id = ${investments.investorUserId})`,
        ),
      )
      .orderBy(asc(loans.disbursedAt), asc(investments.investorUserId))
      .limit(LISTINGS_PER_DAY);
    for (const c of candidates) if (await listHalf(db, world, { ...c, at: input.at, settings })) listed++;
  }
  return { listed, bought: await buyListed(db, world, { buyers: input.investors.filter((i) => buys(i) && i.userId), at: new Date(input.at.getTime() + 30 * 60_000) }) };
}

async function listHalf(db: Db, world: SimWorld, c: { loanId: string; sellerUserId: string; at: Date; settings: TransferSettings }): Promise<boolean> {
  try {
    const preview = await previewListing(db, { operatorId: world.operatorId, userId: c.sellerUserId, loanId: c.loanId, settings: c.settings, now: c.at });
    if (preview.blocked || preview.openListingId) return false;
    const claim = new Cny(preview.claim);
    const half = claim.div(2).floor();
    const principal = half.gte(c.settings.minPrincipalCny) ? half : claim;
    await listClaimForTransfer(db, { operatorId: world.operatorId, sellerUserId: c.sellerUserId, loanId: c.loanId, principal: principal.toFixed(2), pricePercent: "99", idempotencyKey: `sim-list-${c.loanId}-${c.sellerUserId.slice(0, 8)}`, settings: c.settings, now: c.at });
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

async function buyListed(db: Db, world: SimWorld, input: { buyers: SimInvestor[]; at: Date }): Promise<number> {
  if (input.buyers.length === 0) return 0;
  const open = await db
    .select({ id: debtTransfers.id, sellerUserId: debtTransfers.sellerUserId })
    .from(debtTransfers)
    .where(and(eq(debtTransfers.operatorId, world.operatorId), eq(debtTransfers.status, "listed")))
    .orderBy(asc(debtTransfers.createdAt));
  let bought = 0;
  for (const [k, listing] of open.entries()) {
    const buyer = input.buyers[k % input.buyers.length]!;
    if (buyer.userId === listing.sellerUserId) continue;
    try {
      const view = await getTransferListing(db, { operatorId: world.operatorId, viewerUserId: buyer.userId!, listingId: listing.id, now: input.at });
      const wallet = await getWallet(db, { operatorId: world.operatorId, userId: buyer.userId! });
      if (wallet.availableCny.lt(view.price)) continue;
      await buyTransferListing(db, { operatorId: world.operatorId, buyerUserId: buyer.userId!, listingId: listing.id, shownPrice: view.price, idempotencyKey: `sim-buy-${listing.id}`, now: input.at });
      bought++;
    } catch (error) {
      if (!isDomainError(error)) throw error;
    }
  }
  return bought;
}
