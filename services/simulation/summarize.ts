import type Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { checkCustodyNeverNegative } from "../custody";
import { checkLedger } from "../ledger";
import { queryRows } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";
import { SIM_PHONE_PREFIX } from "./world";

export interface SimulationFigures {
  loans: { count: number; amount: string; active: number; closed: number };
  repaid: { principal: string; interest: string; penalty: string; repayments: number };
  overdue: { bucket: string; loans: number; amount: string }[];
  investorReturns: { principal: string; interestNet: string; penalty: string };
  serviceFees: string;
  penalties: { accrued: string; paid: string };
  ledger: { ok: boolean; violations: number; entries: number };
  /** Investments auto-invest rules made in the simulated loans (not voided). */
  autoInvest: { investments: number; amount: string };
  /** Debt transfers of the simulated loans that completed (sold), and what buyers paid. */
  transfers: { completed: number; amount: string };
  /** custody:bank and every clearing account (stores' together): balance now and everything that passed into it. */
  books: { custodyBank: string; custodyDaysBelowZero: number; clearing: ClearingFigure[] };
}

/** After a run every clearing account should hold at most this share of what passed through it (issue 13: the books mirror the bank). */
export const MAX_UNSETTLED_CLEARING_SHARE = new Cny("0.05");

/** A clearing account's balance as a share of what passed into it (0 when nothing did). */
export function unsettledShare(figure: ClearingFigure): Decimal {
  const passed = new Cny(figure.passedThrough);
  return passed.isZero() ? new Cny(0) : new Cny(figure.balance).abs().dividedBy(passed);
}

export interface ClearingFigure {
  code: string;
  balance: string;
  passedThrough: string;
}

/** The figures of the simulated loans (borrowers in the simulation's phone block) and the ledger check. */
export async function summarizeSimulation(db: Db, input: { operatorId: string }): Promise<SimulationFigures> {
  const simLoans = sql`select l.id from loans l join users u on u.id = l.borrower_user_id where l.operator_id = ${input.operatorId}::uuid and u.phone like ${`${SIM_PHONE_PREFIX}%`}`;
  const [loansRow] = await queryRows<{ count: number; amount: string; active: number; closed: number }>(
    db,
    sql`select count(*)::int as count, coalesce(sum(amount), 0)::text as amount,
               count(*) filter (where status = 'disbursed')::int as active, count(*) filter (where status = 'closed')::int as closed
          from loans where id in (${simLoans}) and status in ('disbursed', 'closed')`,
  );
  const [repaid] = await queryRows<{ principal: string; interest: string; penalty: string; fee: string; platform_penalty: string; n: number }>(
    db,
    sql`select coalesce(sum(principal), 0)::text as principal, coalesce(sum(interest), 0)::text as interest, coalesce(sum(penalty), 0)::text as penalty,
               coalesce(sum(service_fee), 0)::text as fee, coalesce(sum(penalty - platform_penalty), 0)::text as platform_penalty, count(*)::int as n
          from repayments where loan_id in (${simLoans})`,
  );
  const [returns] = await queryRows<{ interest_net: string; penalty: string }>(
    db,
    sql`select coalesce(sum(interest - service_fee), 0)::text as interest_net, coalesce(sum(penalty - platform_penalty), 0)::text as penalty
          from repayments where loan_id in (${simLoans})`,
  );
  const overdue = await queryRows<{ bucket: string; loans: number; amount: string }>(
    db,
    sql`select d.bucket, count(*)::int as loans, coalesce(sum(d.overdue_total), 0)::text as amount
          from loan_delinquency d join loans l on l.id = d.loan_id
         where d.loan_id in (${simLoans}) and l.status = 'disbursed' and d.bucket <> 'current'
         group by d.bucket order by d.bucket`,
  );
  const [penalties] = await queryRows<{ accrued: string; paid: string }>(
    db,
    sql`select coalesce(sum(penalty_accrued), 0)::text as accrued, coalesce(sum(penalty_paid), 0)::text as paid from loan_installments where loan_id in (${simLoans})`,
  );
  const [auto] = await queryRows<{ n: number; amount: string }>(
    db,
    sql`select count(*)::int as n, coalesce(sum(amount), 0)::text as amount from investments
         where loan_id in (${simLoans}) and auto_invest_rule_id is not null and status <> 'voided'`,
  );
  const [sold] = await queryRows<{ n: number; amount: string }>(
    db,
    sql`select count(*)::int as n, coalesce(sum(price), 0)::text as amount from debt_transfers where loan_id in (${simLoans}) and status = 'sold'`,
  );
  const report = await checkLedger(db, { operatorId: input.operatorId });
  const books = await queryRows<{ code: string; balance: string; passed: string }>(
    db,
    sql`select case when starts_with(a.code, 'clearing:store:') then 'clearing:store:*' else a.code end as code,
               coalesce(sum(p.amount), 0)::text as balance, coalesce(sum(p.amount) filter (where p.amount > 0), 0)::text as passed
          from ledger_accounts a left join ledger_postings p on p.account_id = a.id
         where a.operator_id = ${input.operatorId}::uuid and (a.code = 'custody:bank' or starts_with(a.code, 'clearing:'))
         group by 1 order by 1`,
  );
  const custody = await checkCustodyNeverNegative(db, { operatorId: input.operatorId });
  return {
    loans: loansRow!,
    repaid: { principal: repaid!.principal, interest: repaid!.interest, penalty: repaid!.penalty, repayments: repaid!.n },
    overdue,
    investorReturns: { principal: repaid!.principal, interestNet: returns!.interest_net, penalty: returns!.penalty },
    serviceFees: repaid!.fee,
    penalties: penalties!,
    ledger: { ok: report.ok, violations: report.violationCount, entries: report.counts.entries },
    autoInvest: { investments: auto!.n, amount: auto!.amount },
    transfers: { completed: sold!.n, amount: sold!.amount },
    books: {
      custodyBank: books.find((b) => b.code === "custody:bank")?.balance ?? "0.00",
      custodyDaysBelowZero: custody.count,
      clearing: books.filter((b) => b.code !== "custody:bank").map((b) => ({ code: b.code, balance: b.balance, passedThrough: b.passed })),
    },
  };
}
