import { buildSchedule, type Installment, type RepaymentMethod } from "../lending/build-schedule";
import type { Product } from "../lending/products";
import { DomainError } from "../shared/errors";
import { allInAnnualCost, legalCap } from "./irr";

/** What the borrower is offered; stored on the application as approved, and shown as such. */
export interface Offer {
  productId: string;
  productCode: string;
  productVersion: number;
  productNameZh: string;
  productNameEn: string;
  amount: string;
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  serviceFeeRate: string;
  penaltyDailyRate: string;
  /** Without due dates: they count from the disbursement date. */
  installments: Installment[];
  totalInterest: string;
  totalRepay: string;
  /** Fees the borrower pays on top of interest (none in today's products; the platform's service fee comes out of interest). */
  borrowerFees: string;
  /** IRR-based all-in annual cost, a fraction with six decimals. */
  allInAnnualCost: string;
  legalCap: string;
  lprOneYear: string;
}

/**
 * The offer for an amount under a product version: the full schedule, the total to
 * repay and the all-in annual cost. Refused (`offer.above_legal_cap`) when that cost is
 * above the legal cap — the same check at approval and again at signing.
 */
export function buildOffer(product: Product, amountCny: string, settings: { lprOneYear: string; legalCapMultiple: string }): Offer {
  const schedule = buildSchedule({ principalCny: amountCny, annualRate: product.annualRate, termMonths: product.termMonths, method: product.method });
  // Today's products charge the borrower nothing beyond interest; were an up-front or
  // monthly fee added, it would go into these cash flows.
  const cost = allInAnnualCost({ receivedCny: schedule.totals.principal, paymentsCny: schedule.installments.map((i) => i.payment) });
  const cap = legalCap(settings.lprOneYear, settings.legalCapMultiple);
  if (cost.gt(cap)) {
    throw new DomainError("offer.above_legal_cap", {
      field: "productId",
      details: { cost: cost.times(100).toFixed(4), cap: cap.times(100).toFixed(4) },
    });
  }
  return {
    productId: product.id,
    productCode: product.code,
    productVersion: product.version,
    productNameZh: product.nameZh,
    productNameEn: product.nameEn,
    amount: schedule.totals.principal,
    annualRate: product.annualRate,
    termMonths: product.termMonths,
    method: product.method,
    serviceFeeRate: product.serviceFeeRate,
    penaltyDailyRate: product.penaltyDailyRate,
    installments: schedule.installments,
    totalInterest: schedule.totals.interest,
    totalRepay: schedule.totals.payment,
    borrowerFees: "0.00",
    allInAnnualCost: cost.toFixed(6),
    legalCap: cap.toFixed(6),
    lprOneYear: settings.lprOneYear,
  };
}
