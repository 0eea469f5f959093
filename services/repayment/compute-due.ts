import Decimal from "decimal.js";
import { Cny, fenFromText } from "../ledger/money";
import { daysBetween } from "../shared/calendar";
import type { Component } from "./allocate-payment";

/** An installment as stored (amounts as decimal strings, the database's numeric text). */
export interface InstallmentState {
  n: number;
  dueDate: string;
  principal: string;
  interest: string;
  principalPaid: string;
  interestPaid: string;
  interestWaived: string;
  penaltyAccrued: string;
  penaltyPaid: string;
}

export interface InstallmentDue {
  n: number;
  dueDate: string;
  penalty: Decimal;
  interest: Decimal;
  principal: Decimal;
  /** Interest the borrower no longer owes (early payoff: interest only to the payoff date). */
  interestToWaive: Decimal;
}

export interface DueQuote {
  kind: "installment" | "payoff";
  /** Installments this payment may go to, oldest first. */
  items: InstallmentDue[];
  total: Decimal;
  /** Outstanding principal of the whole loan. */
  outstandingPrincipal: Decimal;
}

function owed(i: InstallmentState): { penalty: Decimal; interest: Decimal; principal: Decimal } {
  return {
    penalty: new Cny(i.penaltyAccrued).minus(i.penaltyPaid),
    interest: new Cny(i.interest).minus(i.interestPaid).minus(i.interestWaived),
    principal: new Cny(i.principal).minus(i.principalPaid),
  };
}

/**
 * A non-negative amount as PostgreSQL prints numeric(20,2) and toFixed(2) writes it: no sign,
 * no leading zero, exactly two decimals. Two such texts are the same amount exactly when they
 * are the same text.
 */
const CANONICAL_AMOUNT = /^(?:0|[1-9]\d*)\.\d\d$/;

/** a = b as amounts: by text when both are canonical (the usual case, no parsing), else in whole fen. */
function sameAmount(a: string, b: string): boolean {
  if (a === b) return true;
  if (CANONICAL_AMOUNT.test(a) && CANONICAL_AMOUNT.test(b)) return false;
  return fenFromText(a) === fenFromText(b);
}

/** Nothing owed: compared exactly without Decimal, the hot test of every installment of every loan in a batch. */
export function isSettled(i: InstallmentState): boolean {
  return (
    sameAmount(i.penaltyAccrued, i.penaltyPaid) &&
    sameAmount(i.principal, i.principalPaid) &&
    (i.interestWaived === "0.00" || fenFromText(i.interestWaived) === 0n ? sameAmount(i.interest, i.interestPaid) : fenFromText(i.interest) === fenFromText(i.interestPaid) + fenFromText(i.interestWaived))
  );
}

function sum(items: readonly InstallmentDue[]): Decimal {
  return items.reduce((t, i) => t.plus(i.penalty).plus(i.interest).plus(i.principal), new Cny(0));
}

/**
 * What an ordinary payment on `asOf` goes to: every installment due on or before that
 * day and not yet settled, oldest first; when none is due, the next one (paying ahead).
 * Whatever a payment brings beyond this is an overpayment, kept for the next installment.
 */
export function quoteInstallmentsDue(installments: readonly InstallmentState[], asOf: string): DueQuote {
  const open = [...installments].sort((a, b) => a.n - b.n).filter((i) => !isSettled(i));
  const due = open.filter((i) => i.dueDate <= asOf);
  const chosen = due.length > 0 ? due : open.slice(0, 1);
  const items = chosen.map((i) => ({ n: i.n, dueDate: i.dueDate, ...owed(i), interestToWaive: new Cny(0) }));
  return { kind: "installment", items, total: sum(items), outstandingPrincipal: outstandingPrincipal(installments) };
}

/**
 * Early full payoff on `asOf`, as the contract says: everything already due (with its
 * penalty), all remaining principal, and interest of the running period only up to the
 * payoff day (pro rata by days, rounded half up to the fen); later interest is waived.
 * `disbursedOn` starts the first period.
 */
export function quotePayoff(installments: readonly InstallmentState[], asOf: string, disbursedOn: string): DueQuote {
  const sorted = [...installments].sort((a, b) => a.n - b.n);
  const items: InstallmentDue[] = [];
  let periodStart = disbursedOn;
  let runningPeriodSeen = false;
  for (const i of sorted) {
    const o = owed(i);
    const start = periodStart;
    periodStart = i.dueDate;
    if (o.penalty.isZero() && o.interest.isZero() && o.principal.isZero()) continue;
    if (i.dueDate <= asOf) {
      items.push({ n: i.n, dueDate: i.dueDate, ...o, interestToWaive: new Cny(0) });
      continue;
    }
    let interest = new Cny(0);
    if (!runningPeriodSeen) {
      runningPeriodSeen = true;
      const periodDays = daysBetween(start, i.dueDate);
      const elapsedDays = Math.max(0, Math.min(periodDays, daysBetween(start, asOf)));
      const earned = new Cny(i.interest).times(elapsedDays).div(periodDays).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      interest = Decimal.max(0, earned.minus(i.interestPaid));
    }
    items.push({ n: i.n, dueDate: i.dueDate, penalty: o.penalty, interest, principal: o.principal, interestToWaive: o.interest.minus(interest) });
  }
  return { kind: "payoff", items, total: sum(items), outstandingPrincipal: outstandingPrincipal(installments) };
}

export function outstandingPrincipal(installments: readonly InstallmentState[]): Decimal {
  const fen = installments.reduce((t, i) => t + fenFromText(i.principal) - fenFromText(i.principalPaid), 0n);
  return new Cny(fen.toString()).div(100);
}

export interface InstallmentPart {
  n: number;
  penalty: Decimal;
  interest: Decimal;
  principal: Decimal;
}

/**
 * Spreads what the allocation gave each component over the quoted installments, oldest
 * first, so that an installment's parts never exceed what it owes.
 */
export function spreadOverInstallments(items: readonly InstallmentDue[], byComponent: Record<Component, Decimal>): InstallmentPart[] {
  const parts = items.map((i) => ({ n: i.n, penalty: new Cny(0), interest: new Cny(0), principal: new Cny(0) }));
  for (const component of ["penalty", "interest", "principal"] as const) {
    let left = byComponent[component];
    items.forEach((item, index) => {
      const take = Decimal.min(left, item[component]);
      parts[index]![component] = new Cny(take);
      left = left.minus(take);
    });
    if (!left.isZero()) throw new Error(`allocated more ${component} than is owed`);
  }
  return parts;
}
