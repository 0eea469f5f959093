import Decimal from "decimal.js";
import { Cny, ZERO_CNY } from "../ledger/money";
import { quotePayoff, type InstallmentState } from "../repayment/compute-due";

export interface TransferQuote {
  principal: Decimal;
  /** The principal's share of the loan's interest to date, net of the service fee: the seller's. */
  accruedInterest: Decimal;
  /** Principal + accrued interest. */
  value: Decimal;
  /** What the buyer pays: priceRate × value, half-up to the fen. */
  price: Decimal;
  /** The platform's fee: feeRate × price, half-up to the fen. */
  fee: Decimal;
  /** What the seller receives: price − fee. */
  proceeds: Decimal;
}

const fen = (amount: Decimal) => amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/**
 * The price of `principal` of a loan on `asOf` (a Beijing date). The loan's interest to date is what
 * an early payoff that day would charge (quotePayoff: the running period pro rata by calendar days
 * since the last due date or disbursement, plus anything due and unpaid); the principal's share of
 * it, net of the platform's service fee, is the seller's accrued interest. Pure.
 */
export function quoteTransfer(input: {
  installments: readonly InstallmentState[];
  disbursedOn: string;
  asOf: string;
  serviceFeeRate: Decimal.Value;
  principal: Decimal;
  priceRate: Decimal;
  feeRate: Decimal;
}): TransferQuote {
  const payoff = quotePayoff(input.installments, input.asOf, input.disbursedOn);
  const loanInterest = payoff.items.reduce((sum, i) => sum.plus(i.interest), ZERO_CNY);
  const keep = new Cny(1).minus(input.serviceFeeRate);
  const accruedInterest = payoff.outstandingPrincipal.isZero() ? ZERO_CNY : fen(loanInterest.times(keep).times(input.principal).div(payoff.outstandingPrincipal));
  const value = input.principal.plus(accruedInterest);
  const price = fen(value.times(input.priceRate));
  const fee = fen(price.times(input.feeRate));
  return { principal: input.principal, accruedInterest, value, price, fee, proceeds: price.minus(fee) };
}

/** The lowest and highest price the settings allow for this principal today (shown beside the form). */
export function priceBounds(quote: Pick<TransferQuote, "value">, settings: { minPriceRate: Decimal; maxPriceRate: Decimal }): { min: Decimal; max: Decimal } {
  return { min: fen(quote.value.times(settings.minPriceRate)), max: fen(quote.value.times(settings.maxPriceRate)) };
}
