import Decimal from "decimal.js";
import { Cny } from "../ledger/money";

export type Component = "penalty" | "interest" | "principal";
export const DEFAULT_ALLOCATION_ORDER: readonly Component[] = ["penalty", "interest", "principal"];

export interface Allocation {
  penalty: Decimal;
  interest: Decimal;
  principal: Decimal;
  /** What is left after everything due is covered: kept in the borrower's wallet for the next installment. */
  overpayment: Decimal;
}

/**
 * Applies a payment to what is due, component by component in the configured order
 * (default: penalty, then interest, then principal). Partial payments cover the first
 * components first; nothing is rounded because every input already is in fen.
 */
export function allocatePayment(
  paidCny: Decimal,
  due: Record<Component, Decimal>,
  order: readonly Component[] = DEFAULT_ALLOCATION_ORDER,
): Allocation {
  if (paidCny.isNegative() || paidCny.decimalPlaces() > 2) throw new Error(`cannot allocate ${paidCny.toString()}`);
  if (new Set(order).size !== 3 || order.length !== 3) throw new Error("allocation order must name each component once");
  let left = new Cny(paidCny);
  const allocation: Allocation = { penalty: new Cny(0), interest: new Cny(0), principal: new Cny(0), overpayment: new Cny(0) };
  for (const component of order) {
    const owed = due[component];
    if (owed.isNegative()) throw new Error(`negative ${component} due`);
    const applied = Decimal.min(left, owed);
    allocation[component] = new Cny(applied);
    left = left.minus(applied);
  }
  allocation.overpayment = left;
  return allocation;
}
