import Decimal from "decimal.js";
import { DomainError } from "../shared/errors";
import { Cny } from "../ledger/money";

export const REPAYMENT_METHODS = ["interest-only", "equal-principal", "equal-installment"] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

/** Explicit limits: outside them a schedule is refused, not computed. */
export const SCHEDULE_LIMITS = {
  minPrincipalCny: new Decimal(100),
  maxPrincipalCny: new Decimal(10_000_000),
  maxAnnualRate: new Decimal(1),
  maxTermMonths: 120,
  /** At least ¥10 of principal per month of term, so fen rounding of the parts cannot outrun the principal. */
  minPrincipalPerMonthCny: new Decimal(10),
  maxRateDecimals: 6,
} as const;

// The ledger's decimal (60 significant digits): (1+i)^n loses nothing before the fen rounding.
const Precise = Cny;

export interface ScheduleInput {
  principalCny: string;
  /** A fraction, e.g. "0.10" for 10% a year. */
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  /** Calendar date the loan starts (disbursement), YYYY-MM-DD; due dates follow from it. */
  startDate?: string;
}

export interface Installment {
  n: number;
  dueDate?: string;
  /** Amounts are decimal strings with exactly two places (CNY). */
  principal: string;
  interest: string;
  payment: string;
  remaining: string;
}

export interface Schedule {
  installments: Installment[];
  totals: { principal: string; interest: string; payment: string };
}

function roundFen(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

function parseDecimal(raw: string, code: "schedule.invalid_principal" | "schedule.invalid_rate", field: string): Decimal {
  if (!/^\d+(\.\d+)?$/.test(raw.trim())) throw new DomainError(code, { field });
  return new Precise(raw.trim());
}

/** The same day of the month `monthsAhead` after start, or that month's last day when shorter. */
export function addMonthsClamped(startDate: string, monthsAhead: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  if (!match) throw new DomainError("schedule.invalid_date", { field: "startDate" });
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new DomainError("schedule.invalid_date", { field: "startDate" });
  }
  const monthIndex = month - 1 + monthsAhead;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = monthIndex % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const targetDay = Math.min(day, lastDay);
  return `${targetYear}-${String(targetMonth + 1).padStart(2, "0")}-${String(targetDay).padStart(2, "0")}`;
}

/**
 * The one repayment schedule every screen, the CLI and the ledger use.
 * Convention: monthly rate i = annual / 12, not rounded; interest of each installment =
 * round-half-up(remaining × i) to the fen; the last installment repays what remains, so the
 * principal parts sum exactly to the principal.
 */
export function buildSchedule(input: ScheduleInput): Schedule {
  const { principal, annualRate, n } = checkScheduleInput(input);

  const monthlyRate = annualRate.div(12);
  const fixedPayment = input.method === "equal-installment" ? equalInstallment(principal, monthlyRate, n) : null;
  const equalPrincipalPart = roundFen(principal.div(n));

  const installments: Installment[] = [];
  let remaining = principal;
  let totalInterest = new Precise(0);
  for (let k = 1; k <= n; k++) {
    const interest = roundFen(remaining.times(monthlyRate));
    let principalPart: Decimal;
    if (k === n) {
      principalPart = remaining;
    } else if (input.method === "interest-only") {
      principalPart = new Precise(0);
    } else if (input.method === "equal-principal") {
      principalPart = equalPrincipalPart;
    } else {
      principalPart = fixedPayment!.minus(interest);
    }
    // Within the limits above neither can happen; if one did, the schedule would be wrong.
    if (principalPart.isNegative() || principalPart.gt(remaining)) {
      throw new Error(`schedule invariant broken at installment ${k}: principal part ${principalPart.toFixed(2)}`);
    }
    remaining = remaining.minus(principalPart);
    totalInterest = totalInterest.plus(interest);
    installments.push({
      n: k,
      ...(input.startDate ? { dueDate: addMonthsClamped(input.startDate, k) } : {}),
      principal: principalPart.toFixed(2),
      interest: interest.toFixed(2),
      payment: principalPart.plus(interest).toFixed(2),
      remaining: remaining.toFixed(2),
    });
  }
  if (!remaining.isZero()) throw new Error("schedule invariant broken: principal not fully repaid");
  return {
    installments,
    totals: {
      principal: principal.toFixed(2),
      interest: totalInterest.toFixed(2),
      payment: principal.plus(totalInterest).toFixed(2),
    },
  };
}

/** The inputs within SCHEDULE_LIMITS (a field's DomainError otherwise), as decimals. */
function checkScheduleInput(input: ScheduleInput): { principal: Decimal; annualRate: Decimal; n: number } {
  const principal = parseDecimal(input.principalCny, "schedule.invalid_principal", "principal");
  if (principal.decimalPlaces() > 2 || principal.lt(SCHEDULE_LIMITS.minPrincipalCny) || principal.gt(SCHEDULE_LIMITS.maxPrincipalCny)) {
    throw new DomainError("schedule.invalid_principal", {
      field: "principal",
      details: { min: SCHEDULE_LIMITS.minPrincipalCny.toFixed(2), max: SCHEDULE_LIMITS.maxPrincipalCny.toFixed(2) },
    });
  }
  const annualRate = parseDecimal(input.annualRate, "schedule.invalid_rate", "annualRate");
  if (annualRate.decimalPlaces() > SCHEDULE_LIMITS.maxRateDecimals || annualRate.gte(SCHEDULE_LIMITS.maxAnnualRate)) {
    throw new DomainError("schedule.invalid_rate", { field: "annualRate" });
  }
  const n = input.termMonths;
  if (!Number.isInteger(n) || n < 1 || n > SCHEDULE_LIMITS.maxTermMonths) {
    throw new DomainError("schedule.invalid_term", { field: "termMonths", details: { max: SCHEDULE_LIMITS.maxTermMonths } });
  }
  if (principal.lt(SCHEDULE_LIMITS.minPrincipalPerMonthCny.times(n))) {
    throw new DomainError("schedule.invalid_principal", {
      field: "principal",
      details: { min: SCHEDULE_LIMITS.minPrincipalPerMonthCny.times(n).toFixed(2), max: SCHEDULE_LIMITS.maxPrincipalCny.toFixed(2) },
    });
  }
  if (!(REPAYMENT_METHODS as readonly string[]).includes(input.method)) {
    throw new DomainError("schedule.invalid_method", { field: "method" });
  }
  if (input.startDate !== undefined) addMonthsClamped(input.startDate, 0);
  return { principal, annualRate, n };
}

/** The level payment (等额本息) of an equal-installment loan, to the fen. */
function equalInstallment(principal: Decimal, monthlyRate: Decimal, n: number): Decimal {
  if (monthlyRate.isZero()) return roundFen(principal.div(n));
  const growth = monthlyRate.plus(1).pow(n);
  return roundFen(principal.times(monthlyRate).times(growth).div(growth.minus(1)));
}
