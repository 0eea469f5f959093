import type Decimal from "decimal.js";
import { textFromFen, unitsAtScale } from "../ledger/money";
import type { Allocation } from "./allocate-payment";
import { splitFenEach } from "./split-largest-remainder";

export interface InvestorShare {
  investorUserId: string;
  /** The investor's outstanding principal in the loan just before this payment, in fen: the weight. */
  outstandingPrincipalFen: bigint;
}

/** Whole fen. */
export interface InvestorPart {
  investorUserId: string;
  principalFen: bigint;
  /** Net of the platform's service fee. */
  interestFen: bigint;
  penaltyFen: bigint;
}

export interface Distribution {
  investors: InvestorPart[];
  platformServiceFeeFen: bigint;
  platformPenaltyFen: bigint;
  /** Stored with the ledger entry so the split can be re-derived later. */
  weights: Array<{ investorUserId: string; outstandingPrincipal: string }>;
}

/** A service-fee rate must be a fraction of the interest: 0 ≤ rate ≤ 1. */
const MAX_RATE_DECIMALS = 10;

/**
 * `amountFen` × `rate`, rounded half up to the fen, in integers: with the rate as units/10^s,
 * floor((2·amount·units + 10^s) / (2·10^s)). Both are non-negative.
 */
export function feeFen(amountFen: bigint, rate: Decimal): bigint {
  const places = rate.decimalPlaces();
  if (rate.isNegative() || rate.gt(1) || places > MAX_RATE_DECIMALS) throw new Error(`not a fee rate: ${rate.toString()}`);
  if (amountFen < 0n) throw new Error(`cannot take a fee of ${amountFen} fen`);
  const units = unitsAtScale(rate, places);
  const denominator = 10n ** BigInt(places);
  return (2n * amountFen * units + denominator) / (2n * denominator);
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
  const platformServiceFeeFen = feeFen(allocation.interestFen, input.serviceFeeRate);
  const platformPenaltyFen = input.penaltyToPlatform ? allocation.penaltyFen : 0n;
  const weights = input.shares.map((s) => ({ key: s.investorUserId, units: s.outstandingPrincipalFen }));
  const amountsFen = [allocation.principalFen, allocation.interestFen - platformServiceFeeFen, allocation.penaltyFen - platformPenaltyFen];
  const [principal, interest, penalty] = splitFenEach(amountsFen, weights) as [bigint[], bigint[], bigint[]];
  return {
    investors: input.shares.map((s, i) => ({ investorUserId: s.investorUserId, principalFen: principal[i]!, interestFen: interest[i]!, penaltyFen: penalty[i]! })),
    platformServiceFeeFen,
    platformPenaltyFen,
    weights: input.shares.map((s) => ({ investorUserId: s.investorUserId, outstandingPrincipal: textFromFen(s.outstandingPrincipalFen) })),
  };
}
