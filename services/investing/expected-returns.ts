import Decimal from "decimal.js";
import { Cny } from "../ledger/money";
import type { Schedule } from "../lending";

export interface ExpectedInstallment {
  n: number;
  dueDate?: string;
  principal: string;
  /** Interest net of the platform's service fee. */
  interest: string;
  total: string;
}

export interface ExpectedReturns {
  installments: ExpectedInstallment[];
  totals: { principal: string; interest: string; total: string };
}

/** Rounded half-up to the fen: the one rounding of an investor's expected parts (here and remaining-returns.ts). */
export function fen(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * An investor's part of a loan's schedule: each installment scaled by their share of the
 * loan (principal / loan amount), interest net of the service fee, rounded half-up to the
 * fen; the last installment's principal absorbs rounding so the parts sum exactly to the
 * principal invested. An estimate: the repayment journey splits real payments among all
 * investors by largest remainder, which can differ by a fen per installment.
 */
export function expectedReturns(input: { schedule: Schedule; loanAmountCny: string; principalCny: string; serviceFeeRate: string }): ExpectedReturns {
  const loanAmount = new Cny(input.loanAmountCny);
  const principal = new Cny(input.principalCny);
  const share = principal.div(loanAmount);
  const keep = new Cny(1).minus(input.serviceFeeRate);
  let principalSoFar = new Cny(0);
  let interestTotal = new Cny(0);
  const installments = input.schedule.installments.map((inst, index, all) => {
    const last = index === all.length - 1;
    const p = last ? principal.minus(principalSoFar) : fen(new Cny(inst.principal).times(share));
    const i = fen(new Cny(inst.interest).times(share).times(keep));
    principalSoFar = principalSoFar.plus(p);
    interestTotal = interestTotal.plus(i);
    return { n: inst.n, ...(inst.dueDate ? { dueDate: inst.dueDate } : {}), principal: p.toFixed(2), interest: i.toFixed(2), total: p.plus(i).toFixed(2) };
  });
  return {
    installments,
    totals: { principal: principal.toFixed(2), interest: interestTotal.toFixed(2), total: principal.plus(interestTotal).toFixed(2) },
  };
}
