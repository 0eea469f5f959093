import type Decimal from "decimal.js";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { snapshotDayFor } from "./balances-as-of";
import { queryRows } from "./db-helpers";
import { DEFAULT_PAGE_SIZE, MAX_ACCOUNT_CODE_LENGTH, MAX_PAGE_SIZE } from "./limits";
import { cnyFromDb, sumCny, ZERO_CNY } from "./money";
import { dayEndSql } from "./snapshot-days";
import { ACCOUNT_TYPES, type AccountType } from "./types";
import { normalizeOperatorId, validateDate } from "./validate";

/**
 * The trial balance a person reads (docs/decisions/2026-12-05-books-by-class.md): one line per
 * account class (the accounts' stored `class`, `ledger_account_class(code)`: all investor wallets, all claims, all loan
 * principal, each clearing account, revenue…) with the sum of its accounts' debit balances and
 * of their credit balances, and a drill-down per class paged by account code.
 */
export interface TrialBalanceClass {
  /** e.g. `claim`, `wallet:available`, `clearing:store`, `custody:bank`. */
  accountClass: string;
  type: AccountType;
  /** Sum of the debit balances of the class's accounts, and of the credit balances (a control account's two sides). */
  debitCny: Decimal;
  creditCny: Decimal;
  /** Accounts of the class whose balance is not zero. */
  accounts: number;
}

export interface TrialBalanceLine {
  accountId: string;
  code: string;
  type: AccountType;
  /** An account's net balance sits in one column: debit if debits exceed credits, else credit. */
  debitCny: Decimal;
  creditCny: Decimal;
}

export interface TrialBalance {
  operatorId: string;
  asOf: Date;
  /** Classes with at least one non-zero account, by class (byte order). */
  classes: TrialBalanceClass[];
  byType: Array<{ type: AccountType; debitCny: Decimal; creditCny: Decimal }>;
  totalDebitsCny: Decimal;
  totalCreditsCny: Decimal;
  /** Debits equal credits; false would mean the books are broken (ledger:check says where). */
  balanced: boolean;
}

/** One account's signed balance at the read (`a` is ledger_accounts): its latest snapshot on or before `day` plus its later postings. */
function accountBalanceSql(day: string | null, t: string): SQL {
  if (day === null) return sql`coalesce((select sum(p.amount) from ledger_postings p where p.account_id = a.id and p.created_at <= ${t}::timestamptz), 0)`;
  return sql`(coalesce((select s.balance from ledger_balance_snapshots s where s.account_id = a.id and s.day <= ${day}::date order by s.day desc limit 1), 0)
            + coalesce((select sum(p.amount) from ledger_postings p
                         where p.account_id = a.id and p.created_at >= ${dayEndSql(day)} and p.created_at <= ${t}::timestamptz), 0))`;
}

/**
 * Per class, what the accounts that moved after `day` (through `t`) change in the day's class
 * row: their balance at the end of `day` (snapshot, or zero) against it plus their movements.
 */
function classChangesSql(operatorId: string, day: string | null, t: string): SQL {
  const moved =
    day === null
      ? sql`select p.account_id, sum(p.amount) as amount, 0::numeric as before from ledger_postings p
             where p.operator_id = ${operatorId}::uuid and p.created_at <= ${t}::timestamptz group by p.account_id`
      : sql`select m.account_id, m.amount,
                   coalesce((select s.balance from ledger_balance_snapshots s where s.account_id = m.account_id and s.day <= ${day}::date
                              order by s.day desc limit 1), 0) as before
              from (select p.account_id, sum(p.amount) as amount from ledger_entries e join ledger_postings p on p.entry_id = e.id
                     where e.operator_id = ${operatorId}::uuid and e.created_at >= ${dayEndSql(day)} and e.created_at <= ${t}::timestamptz
                     group by p.account_id) m`;
  return sql`(select a.class, a.type,
                     sum(greatest(m.before + m.amount, 0) - greatest(m.before, 0)) as debit,
                     sum(greatest(-(m.before + m.amount), 0) - greatest(-m.before, 0)) as credit,
                     sum((m.before + m.amount <> 0)::int - (m.before <> 0)::int) as accounts
                from (${moved}) m join ledger_accounts a on a.id = m.account_id
               group by 1, 2)`;
}

/**
 * The operator's trial balance by account class at a moment (for a day, pass its last instant
 * in the operator's time zone): the class rows of the latest closed day that answers it
 * (ledger_class_balances, written by the day close) corrected by the accounts that moved since.
 * Without class rows, every posting up to `asOf`. Summed in the database in numeric.
 */
export async function trialBalance(db: DbOrTx, input: { operatorId: string; asOf?: Date | null }): Promise<TrialBalance> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const asOf = validateDate(input.asOf, "asOf") ?? new Date();
  const day = await snapshotDayFor(db, operatorId, { atOrBefore: asOf });
  const t = asOf.toISOString();
  const rows = await queryRows<{ class: string; type: AccountType; debit: string; credit: string; accounts: string }>(
    db,
    sql`select coalesce(c.class, m.class) as class, coalesce(c.type, m.type)::text as type,
               (coalesce(c.debit, 0) + coalesce(m.debit, 0))::text as debit,
               (coalesce(c.credit, 0) + coalesce(m.credit, 0))::text as credit,
               (coalesce(c.accounts, 0) + coalesce(m.accounts, 0))::text as accounts
          from (select class, type, debit, credit, accounts from ledger_class_balances
                 where operator_id = ${operatorId}::uuid and day = ${day ?? "-infinity"}::date) c
          full join ${classChangesSql(operatorId, day, t)} m on m.class = c.class and m.type = c.type
         where coalesce(c.accounts, 0) + coalesce(m.accounts, 0) > 0
         order by coalesce(c.class, m.class) collate "C", 2`,
  );
  const classes = rows.map((r) => ({ accountClass: r.class, type: r.type, debitCny: cnyFromDb(r.debit), creditCny: cnyFromDb(r.credit), accounts: Number(r.accounts) }));
  const byType = ACCOUNT_TYPES.map((type) => {
    const ofType = classes.filter((c) => c.type === type);
    return { type, debitCny: sumCny(ofType.map((c) => c.debitCny)), creditCny: sumCny(ofType.map((c) => c.creditCny)) };
  });
  const totalDebitsCny = sumCny(classes.map((c) => c.debitCny));
  const totalCreditsCny = sumCny(classes.map((c) => c.creditCny));
  return { operatorId, asOf, classes, byType, totalDebitsCny, totalCreditsCny, balanced: totalDebitsCny.eq(totalCreditsCny) };
}

export interface TrialBalancePage {
  lines: TrialBalanceLine[];
  /** Pass as `afterCode` for the next page; null on the last page. */
  nextAfterCode: string | null;
}

/**
 * One page of a class's drill-down: its accounts with a non-zero balance at `asOf`, by code
 * (byte order), `pageSize` (default DEFAULT_PAGE_SIZE) after `afterCode`. Each account's
 * balance is its snapshot plus later postings, computed only for the accounts read until the page is full.
 */
export async function trialBalanceAccounts(
  db: DbOrTx,
  input: { operatorId: string; accountClass: string; asOf?: Date | null; afterCode?: string | null; pageSize?: number },
): Promise<TrialBalancePage> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const asOf = validateDate(input.asOf, "asOf") ?? new Date();
  const pageSize = Math.min(Math.max(1, Math.trunc(input.pageSize ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  const afterCode = (input.afterCode ?? "").slice(0, MAX_ACCOUNT_CODE_LENGTH);
  const day = await snapshotDayFor(db, operatorId, { atOrBefore: asOf });
  const rows = await queryRows<{ id: string; code: string; type: AccountType; net: string }>(
    db,
    sql`select a.id::text as id, a.code, a.type::text as type, b.net::text as net
          from (select id, code, type from ledger_accounts
                 where operator_id = ${operatorId}::uuid and class = ${input.accountClass}
                   and code collate "C" > ${afterCode}
                 order by code collate "C") a
         cross join lateral (select ${accountBalanceSql(day, asOf.toISOString())} as net) b
         where b.net <> 0
         limit ${pageSize + 1}`,
  );
  const lines = rows.slice(0, pageSize).map((row) => {
    const net = cnyFromDb(row.net);
    return { accountId: row.id, code: row.code, type: row.type, debitCny: net.isPositive() ? net : ZERO_CNY, creditCny: net.isNegative() ? net.negated() : ZERO_CNY };
  });
  return { lines, nextAfterCode: rows.length > pageSize ? lines[lines.length - 1]!.code : null };
}
