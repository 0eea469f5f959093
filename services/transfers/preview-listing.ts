import type Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { debtTransfers, loans } from "../../db/schema";
import { formatCny } from "../ledger/money";
import { addDays, beijingDate, daysBetween } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { claimBalance, holdingSince, installmentsOf, untradableReason } from "./claim-state";
import { getTransferSettings } from "./get-transfer-settings";
import type { TransferSettings } from "./limits";
import { parseListingPrincipal, parsePricePercent } from "./parse-listing";
import { priceBounds, quoteTransfer } from "./quote-transfer";

export interface ListingPreview {
  loanId: string;
  titleZh: string;
  /** The holder's outstanding principal (their claim). */
  claim: string;
  /** Why it cannot be listed today, if it cannot. */
  blocked: "loan_overdue" | "loan_not_repaying" | "loan_closed" | "holding_period" | null;
  /** The first day it may be listed (holding period), when that is what blocks it. */
  listableFrom: string | null;
  openListingId: string | null;
  principal: string;
  pricePercent: string;
  accruedInterest: string;
  value: string;
  price: string;
  minPrice: string;
  maxPrice: string;
  minPercent: string;
  maxPercent: string;
  feePercent: string;
  fee: string;
  proceeds: string;
  validityDays: number;
}

const percent = (fraction: Decimal) => fraction.times(100).toDecimalPlaces(2).toString();

/**
 * What listing `principal` of the holder's claim at `priceRate` would be today (the listing page, before
 * and after 预览): today's accrued interest, the price and its bounds, the fee and what the seller receives,
 * and whether it can be listed at all. Figures only; listClaimForTransfer checks again under the lock.
 */
export async function previewListing(
  db: Db,
  input: { operatorId: string; userId: string; loanId: string; principal?: string; pricePercent?: string; settings?: TransferSettings; now?: Date },
): Promise<ListingPreview> {
  const settings = input.settings ?? (await getTransferSettings(db, input.operatorId));
  const now = input.now ?? new Date();
  const today = beijingDate(now);
  // A page lookup: a loan that is not there or not held by this person is not found (404).
  if (!isUuid(input.loanId)) throw new DomainError("transfer.not_found");
  const [loan] = await db.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)));
  if (!loan) throw new DomainError("transfer.not_found");
  const claim = await claimBalance(db, input.operatorId, input.userId, loan.id);
  if (claim.isZero()) throw new DomainError("transfer.not_found");
  const installments = await installmentsOf(db, loan.id);
  let blocked: ListingPreview["blocked"] = untradableReason(loan, installments, today);
  let listableFrom: string | null = null;
  const since = await holdingSince(db, { loan, userId: input.userId });
  if (!blocked && (!since || daysBetween(beijingDate(since), today) < settings.holdingPeriodDays)) {
    blocked = "holding_period";
    listableFrom = since ? addDays(beijingDate(since), settings.holdingPeriodDays) : null;
  }
  const [open] = await db
    .select({ id: debtTransfers.id })
    .from(debtTransfers)
    .where(and(eq(debtTransfers.sellerUserId, input.userId), eq(debtTransfers.loanId, loan.id), eq(debtTransfers.status, "listed")));
  // What the form typed (checked as the listing will be), else all of the claim at the highest price.
  const principal = input.principal === undefined ? claim : parseListingPrincipal(input.principal);
  if (principal.gt(claim)) throw new DomainError("transfer.principal_above_claim", { field: "principal", details: { claim: formatCny(claim) } });
  const priceRate = input.pricePercent === undefined ? settings.maxPriceRate : parsePricePercent(input.pricePercent);
  if (priceRate.lt(settings.minPriceRate) || priceRate.gt(settings.maxPriceRate)) {
    throw new DomainError("transfer.price_out_of_bounds", { field: "pricePercent", details: { min: percent(settings.minPriceRate), max: percent(settings.maxPriceRate) } });
  }
  const quote = quoteTransfer({
    installments,
    disbursedOn: beijingDate(loan.disbursedAt ?? now),
    asOf: today,
    serviceFeeRate: loan.serviceFeeRate,
    principal,
    priceRate,
    feeRate: settings.feeRate,
  });
  const bounds = priceBounds(quote, settings);
  return {
    loanId: loan.id,
    titleZh: loan.titleZh,
    claim: formatCny(claim),
    blocked,
    listableFrom,
    openListingId: open?.id ?? null,
    principal: formatCny(principal),
    pricePercent: percent(priceRate),
    accruedInterest: formatCny(quote.accruedInterest),
    value: formatCny(quote.value),
    price: formatCny(quote.price),
    minPrice: formatCny(bounds.min),
    maxPrice: formatCny(bounds.max),
    minPercent: percent(settings.minPriceRate),
    maxPercent: percent(settings.maxPriceRate),
    feePercent: percent(settings.feeRate),
    fee: formatCny(quote.fee),
    proceeds: formatCny(quote.proceeds),
    validityDays: settings.listingValidityDays,
  };
}

