import type Decimal from "decimal.js";
import type { debtTransfers, loans } from "../../db/schema";
import { Cny, formatCny } from "../ledger/money";
import type { InstallmentState } from "../repayment/compute-due";
import { beijingDate } from "../shared/calendar";
import { quoteTransfer } from "./quote-transfer";

/** A listing as the market and its page show it: the loan's terms and today's price. */
export interface ListingView {
  id: string;
  loanId: string;
  titleZh: string;
  annualRate: string;
  termMonths: number;
  method: (typeof loans.$inferSelect)["method"];
  riskLevel: (typeof loans.$inferSelect)["riskLevel"];
  status: (typeof debtTransfers.$inferSelect)["status"];
  principal: string;
  /** The price rate in percent ("98.00"). */
  pricePercent: string;
  accruedInterest: string;
  value: string;
  price: string;
  /** The months of the schedule still to come. */
  remainingInstallments: number;
  nextDueDate: string | null;
  expiresAt: Date;
  own: boolean;
}

/** Today's price of a listing of a disbursed loan (the sold price, once sold). */
export function listingView(row: { listing: typeof debtTransfers.$inferSelect; loan: typeof loans.$inferSelect }, installments: readonly InstallmentState[], viewerUserId: string, now: Date): ListingView {
  const { listing, loan } = row;
  const open = installments.filter((i) => !new Cny(i.principal).eq(i.principalPaid) || !new Cny(i.interest).eq(new Cny(i.interestPaid).plus(i.interestWaived)));
  let figures: { accruedInterest: Decimal; value: Decimal; price: Decimal };
  if (listing.status === "sold") {
    const accrued = new Cny(listing.accruedInterest ?? "0");
    figures = { accruedInterest: accrued, value: accrued.plus(listing.principal), price: new Cny(listing.price ?? "0") };
  } else {
    figures = loan.disbursedAt
      ? quoteTransfer({ installments, disbursedOn: beijingDate(loan.disbursedAt), asOf: beijingDate(now), serviceFeeRate: loan.serviceFeeRate, principal: new Cny(listing.principal), priceRate: new Cny(listing.priceRate), feeRate: new Cny(listing.feeRate) })
      : { accruedInterest: new Cny(0), value: new Cny(listing.principal), price: new Cny(listing.principal) };
  }
  return {
    id: listing.id,
    loanId: loan.id,
    titleZh: loan.titleZh,
    annualRate: loan.annualRate,
    termMonths: loan.termMonths,
    method: loan.method,
    riskLevel: loan.riskLevel,
    status: listing.status,
    principal: formatCny(new Cny(listing.principal)),
    pricePercent: new Cny(listing.priceRate).times(100).toFixed(2),
    accruedInterest: formatCny(figures.accruedInterest),
    value: formatCny(figures.value),
    price: formatCny(figures.price),
    remainingInstallments: open.length,
    nextDueDate: open[0]?.dueDate ?? null,
    expiresAt: listing.expiresAt,
    own: listing.sellerUserId === viewerUserId,
  };
}
