import Decimal from "decimal.js";
import { Cny } from "../ledger/money";
import { daysBetween } from "../shared/calendar";
import type { InstallmentState } from "./compute-due";

export type Bucket = "current" | "1-30" | "31-60" | "61-90" | "90+";

export interface Delinquency {
  overdueSince: string | null;
  daysPastDue: number;
  bucket: Bucket;
  overduePrincipal: Decimal;
  /** Principal, interest and unpaid penalty of every installment past its due date. */
  overdueTotal: Decimal;
}

export function bucketOf(daysPastDue: number): Bucket {
  if (daysPastDue <= 0) return "current";
  if (daysPastDue <= 30) return "1-30";
  if (daysPastDue <= 60) return "31-60";
  if (daysPastDue <= 90) return "61-90";
  return "90+";
}

/** How late a loan is on `asOf`: an installment is overdue from the day after its due date. */
export function computeDelinquency(installments: readonly InstallmentState[], asOf: string): Delinquency {
  let overdueSince: string | null = null;
  let overduePrincipal = new Cny(0);
  let overdueTotal = new Cny(0);
  for (const i of [...installments].sort((a, b) => a.n - b.n)) {
    if (i.dueDate >= asOf) continue;
    const principal = new Cny(i.principal).minus(i.principalPaid);
    const interest = new Cny(i.interest).minus(i.interestPaid).minus(i.interestWaived);
    const penalty = new Cny(i.penaltyAccrued).minus(i.penaltyPaid);
    const owed = principal.plus(interest).plus(penalty);
    if (owed.isZero()) continue;
    overdueSince ??= i.dueDate;
    overduePrincipal = overduePrincipal.plus(principal);
    overdueTotal = overdueTotal.plus(owed);
  }
  const daysPastDue = overdueSince ? daysBetween(overdueSince, asOf) : 0;
  return { overdueSince, daysPastDue, bucket: bucketOf(daysPastDue), overduePrincipal, overdueTotal };
}
