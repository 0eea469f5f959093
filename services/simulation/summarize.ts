import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { checkLedger } from "../ledger";
import { queryRows } from "../ledger/db-helpers";
import { SIM_PHONE_PREFIX } from "./world";

export interface SimulationFigures {
  loans: { count: number; amount: string; active: number; closed: number };
  repaid: { principal: string; interest: string; penalty: string; repayments: number };
  overdue: { bucket: string; loans: number; amount: string }[];
  investorReturns: { principal: string; interestNet: string; penalty: string };
  serviceFees: string;
  penalties: { accrued: string; paid: string };
  ledger: { ok: boolean; violations: number; entries: number };
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
  const report = await checkLedger(db, { operatorId: input.operatorId });
  return {
    loans: loansRow!,
    repaid: { principal: repaid!.principal, interest: repaid!.interest, penalty: repaid!.penalty, repayments: repaid!.n },
    overdue,
    investorReturns: { principal: repaid!.principal, interestNet: returns!.interest_net, penalty: returns!.penalty },
    serviceFees: repaid!.fee,
    penalties: penalties!,
    ledger: { ok: report.ok, violations: report.violationCount, entries: report.counts.entries },
  };
}
