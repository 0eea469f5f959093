import type Decimal from "decimal.js";
import { cnyFromFen, fenFromText } from "../ledger/money";
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

/** An installment's amounts in whole fen, what the borrower owes on it. */
export interface InstallmentDueFen {
  n: number;
  dueDate: string;
  penaltyFen: bigint;
  interestFen: bigint;
  principalFen: bigint;
  interestToWaiveFen: bigint;
}

/** A quote in whole fen: the planner's form (plan-repayments.ts); DueQuote is the same quote as Decimal. */
export interface DueQuoteFen {
  kind: "installment" | "payoff";
  items: InstallmentDueFen[];
  totalFen: bigint;
  outstandingPrincipalFen: bigint;
}

function owedFen(i: InstallmentState): { penaltyFen: bigint; interestFen: bigint; principalFen: bigint } {
  return {
    penaltyFen: fenFromText(i.penaltyAccrued) - fenFromText(i.penaltyPaid),
    interestFen: fenFromText(i.interest) - fenFromText(i.interestPaid) - fenFromText(i.interestWaived),
    principalFen: fenFromText(i.principal) - fenFromText(i.principalPaid),
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

function totalFen(items: readonly InstallmentDueFen[]): bigint {
  return items.reduce((t, i) => t + i.penaltyFen + i.interestFen + i.principalFen, 0n);
}

function inCny(quote: DueQuoteFen): DueQuote {
  return {
    kind: quote.kind,
    items: quote.items.map((i) => ({
      n: i.n,
      dueDate: i.dueDate,
      penalty: cnyFromFen(i.penaltyFen),
      interest: cnyFromFen(i.interestFen),
      principal: cnyFromFen(i.principalFen),
      interestToWaive: cnyFromFen(i.interestToWaiveFen),
    })),
    total: cnyFromFen(quote.totalFen),
    outstandingPrincipal: cnyFromFen(quote.outstandingPrincipalFen),
  };
}

/** quoteInstallmentsDueFen as Decimal amounts (pages, channels, due processing). */
export function quoteInstallmentsDue(installments: readonly InstallmentState[], asOf: string): DueQuote {
  return inCny(quoteInstallmentsDueFen(installments, asOf));
}

/** quotePayoffFen as Decimal amounts (pages, transfers, simulation). */
export function quotePayoff(installments: readonly InstallmentState[], asOf: string, disbursedOn: string): DueQuote {
  return inCny(quotePayoffFen(installments, asOf, disbursedOn));
}

/**
 * What an ordinary payment on `asOf` goes to: every installment due on or before that
 * day and not yet settled, oldest first; when none is due, the next one (paying ahead).
 * Whatever a payment brings beyond this is an overpayment, kept for the next installment.
 */
export function quoteInstallmentsDueFen(installments: readonly InstallmentState[], asOf: string): DueQuoteFen {
  const open = [...installments].sort((a, b) => a.n - b.n).filter((i) => !isSettled(i));
  const due = open.filter((i) => i.dueDate <= asOf);
  const chosen = due.length > 0 ? due : open.slice(0, 1);
  const items = chosen.map((i) => ({ n: i.n, dueDate: i.dueDate, ...owedFen(i), interestToWaiveFen: 0n }));
  return { kind: "installment", items, totalFen: totalFen(items), outstandingPrincipalFen: outstandingPrincipalFen(installments) };
}

/**
 * Early full payoff on `asOf`, as the contract says: everything already due (with its
 * penalty), all remaining principal, and interest of the running period only up to the
 * payoff day (pro rata by days, rounded half up to the fen); later interest is waived.
 * `disbursedOn` starts the first period.
 */
export function quotePayoffFen(installments: readonly InstallmentState[], asOf: string, disbursedOn: string): DueQuoteFen {
  const sorted = [...installments].sort((a, b) => a.n - b.n);
  const items: InstallmentDueFen[] = [];
  let periodStart = disbursedOn;
  let runningPeriodSeen = false;
  for (const i of sorted) {
    const o = owedFen(i);
    const start = periodStart;
    periodStart = i.dueDate;
    if (o.penaltyFen === 0n && o.interestFen === 0n && o.principalFen === 0n) continue;
    if (i.dueDate <= asOf) {
      items.push({ n: i.n, dueDate: i.dueDate, ...o, interestToWaiveFen: 0n });
      continue;
    }
    let interestFen = 0n;
    if (!runningPeriodSeen) {
      runningPeriodSeen = true;
      const earnedFen = proRataFen(fenFromText(i.interest), daysBetween(start, asOf), daysBetween(start, i.dueDate));
      const left = earnedFen - fenFromText(i.interestPaid);
      interestFen = left > 0n ? left : 0n;
    }
    items.push({ n: i.n, dueDate: i.dueDate, penaltyFen: o.penaltyFen, interestFen, principalFen: o.principalFen, interestToWaiveFen: o.interestFen - interestFen });
  }
  return { kind: "payoff", items, totalFen: totalFen(items), outstandingPrincipalFen: outstandingPrincipalFen(installments) };
}

/**
 * A period's interest earned after `elapsedDays` of its `periodDays` (clamped to the period),
 * rounded half up to the fen: floor((2·interest·elapsed + period) / (2·period)), in integers.
 * A period of no days has earned all of it.
 */
export function proRataFen(interestFen: bigint, elapsedDays: number, periodDays: number): bigint {
  if (interestFen < 0n) throw new Error(`negative interest: ${interestFen} fen`);
  if (periodDays <= 0) return interestFen;
  const elapsed = BigInt(Math.max(0, Math.min(periodDays, elapsedDays)));
  const period = BigInt(periodDays);
  return (2n * interestFen * elapsed + period) / (2n * period);
}

export function outstandingPrincipalFen(installments: readonly InstallmentState[]): bigint {
  return installments.reduce((t, i) => t + fenFromText(i.principal) - fenFromText(i.principalPaid), 0n);
}

export interface InstallmentPartFen {
  n: number;
  penaltyFen: bigint;
  interestFen: bigint;
  principalFen: bigint;
}

/**
 * Spreads what the allocation gave each component over the quoted installments, oldest
 * first, so that an installment's parts never exceed what it owes.
 */
export function spreadOverInstallments(items: readonly InstallmentDueFen[], byComponent: Record<Component, bigint>): InstallmentPartFen[] {
  const parts = items.map((i) => ({ n: i.n, penaltyFen: 0n, interestFen: 0n, principalFen: 0n }));
  for (const component of ["penalty", "interest", "principal"] as const) {
    const field = `${component}Fen` as const;
    let leftFen = byComponent[component];
    items.forEach((item, index) => {
      const takeFen = leftFen < item[field] ? leftFen : item[field];
      parts[index]![field] = takeFen;
      leftFen -= takeFen;
    });
    if (leftFen !== 0n) throw new Error(`allocated more ${component} than is owed`);
  }
  return parts;
}
