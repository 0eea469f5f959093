export type Component = "penalty" | "interest" | "principal";
export const DEFAULT_ALLOCATION_ORDER: readonly Component[] = ["penalty", "interest", "principal"];

/** Whole fen (bigint): the planner computes in integers and writes text or Decimal only at its edges. */
export interface Allocation {
  penaltyFen: bigint;
  interestFen: bigint;
  principalFen: bigint;
  /** What is left after everything due is covered: kept in the borrower's wallet for the next installment. */
  overpaymentFen: bigint;
}

const FIELD: Record<Component, "penaltyFen" | "interestFen" | "principalFen"> = { penalty: "penaltyFen", interest: "interestFen", principal: "principalFen" };

/**
 * Applies a payment to what is due, component by component in the configured order
 * (default: penalty, then interest, then principal). Partial payments cover the first
 * components first; nothing is rounded because everything is in whole fen.
 */
export function allocatePayment(paidFen: bigint, dueFen: Record<Component, bigint>, order: readonly Component[] = DEFAULT_ALLOCATION_ORDER): Allocation {
  if (paidFen < 0n) throw new Error(`cannot allocate ${paidFen} fen`);
  if (new Set(order).size !== 3 || order.length !== 3) throw new Error("allocation order must name each component once");
  let leftFen = paidFen;
  const allocation: Allocation = { penaltyFen: 0n, interestFen: 0n, principalFen: 0n, overpaymentFen: 0n };
  for (const component of order) {
    const owedFen = dueFen[component];
    if (owedFen < 0n) throw new Error(`negative ${component} due`);
    const appliedFen = leftFen < owedFen ? leftFen : owedFen;
    allocation[FIELD[component]] = appliedFen;
    leftFen -= appliedFen;
  }
  allocation.overpaymentFen = leftFen;
  return allocation;
}
