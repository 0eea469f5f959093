import Decimal from "decimal.js";
import { Cny } from "../ledger/money";
import type { Allocation } from "./allocate-payment";
import { splitLargestRemainderEach } from "./split-largest-remainder";

export interface InvestorShare {
  investorUserId: string;
  /** The investor's outstanding principal in the loan just before this payment: the weight. */
  outstandingPrincipalCny: Decimal;
}

export interface InvestorPart {
  investorUserId: string;
  principal: Decimal;
  /** Net of the platform's service fee. */
  interest: Decimal;
  penalty: Decimal;
}

export interface Distribution {
  investors: InvestorPart[];
  platformServiceFee: Decimal;
  platformPenalty: Decimal;
  /** Stored with the ledger entry so the split can be re-derived later. */
  weights: Array<{ investorUserId: string; outstandingPrincipal: string }>;
}

/**
 * Who gets what of an allocated payment. The platform keeps `serviceFeeRate` of the
 * interest (rounded half-up to the fen) and, when the contract says so, the penalty;
 * the rest of each component is split among the investors by their outstanding
 * principal with the largest-remainder method, so the parts sum exactly to what was paid.
 */
export function distributeRepayment(input: {
  allocation: Allocation;
  serviceFeeRate: Decimal;
  penaltyToPlatform: boolean;
  shares: readonly InvestorShare[];
}): Distribution {
  const { allocation } = input;
  const platformServiceFee = allocation.interest.times(input.serviceFeeRate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const investorInterest = allocation.interest.minus(platformServiceFee);
  const platformPenalty = input.penaltyToPlatform ? allocation.penalty : new Cny(0);
  const investorPenalty = allocation.penalty.minus(platformPenalty);
  const weights = input.shares.map((s) => ({ key: s.investorUserId, weight: s.outstandingPrincipalCny }));
  const [principal, interest, penalty] = splitLargestRemainderEach([allocation.principal, investorInterest, investorPenalty], weights) as [Map<string, Decimal>, Map<string, Decimal>, Map<string, Decimal>];
  return {
    investors: input.shares.map((s) => ({
      investorUserId: s.investorUserId,
      principal: principal.get(s.investorUserId)!,
      interest: interest.get(s.investorUserId)!,
      penalty: penalty.get(s.investorUserId)!,
    })),
    platformServiceFee,
    platformPenalty,
    weights: input.shares.map((s) => ({ investorUserId: s.investorUserId, outstandingPrincipal: s.outstandingPrincipalCny.toFixed(2) })),
  };
}
