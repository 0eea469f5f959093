import type Decimal from "decimal.js";
import { chart } from "../ledger/chart";
import type { OpenAccountInput } from "../ledger/open-account";

export type AccountSpec = Omit<OpenAccountInput, "operatorId">;

/**
 * The one balanced entry of a sale (signed, debit positive): the seller's claim is debited and the
 * buyer's credited by the principal (loan:principal does not move, so the claims still sum to it);
 * the buyer's wallet is debited by the price, the seller's credited by the price less the fee, and
 * the fee credited to revenue. Pure: the property tests replay it against repayments.
 */
export function transferPostings(input: { loanId: string; sellerUserId: string; buyerUserId: string; principal: Decimal; price: Decimal; fee: Decimal }): { account: AccountSpec; amountCny: Decimal }[] {
  const postings = [
    { account: chart.claim(input.sellerUserId, input.loanId), amountCny: input.principal },
    { account: chart.claim(input.buyerUserId, input.loanId), amountCny: input.principal.negated() },
    { account: chart.walletAvailable(input.buyerUserId), amountCny: input.price },
    { account: chart.walletAvailable(input.sellerUserId), amountCny: input.price.minus(input.fee).negated() },
  ];
  if (!input.fee.isZero()) postings.push({ account: chart.revenueTransferFee(), amountCny: input.fee.negated() });
  return postings;
}
