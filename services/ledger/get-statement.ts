import type Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { DomainError } from "../shared/errors";
import { accountSumSql, boundCondition, snapshotDayFor } from "./balances-as-of";
import { dateFromDb, queryRows } from "./db-helpers";
import { getAccount } from "./get-account";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./limits";
import { cnyFromDb, ZERO_CNY } from "./money";
import { normalSideOf, type AccountType, type CauseType, type NormalSide } from "./types";
import { normalizeOperatorId, validateDate, validatePageSize } from "./validate";

export interface StatementInput {
  operatorId: string;
  accountId: string;
  /** Lines with created_at >= from (the opening balance covers everything before). */
  from?: Date | null;
  /** Lines with created_at <= to. */
  to?: Date | null;
  /** nextCursor of the previous page. */
  cursor?: string | null;
  pageSize?: number;
}

export interface StatementLine {
  postingId: string;
  entryId: string;
  createdAt: Date;
  kind: string;
  memo: string;
  cause: { type: CauseType; id: string | null };
  debitCny: Decimal;
  creditCny: Decimal;
  /** The line's effect on the balance, on the account's normal side. */
  changeCny: Decimal;
  /** Running balance after this line, on the normal side. */
  balanceCny: Decimal;
}

export interface Statement {
  account: { id: string; code: string; type: AccountType; normalSide: NormalSide; currency: string };
  /** Balance before the first line of this page. */
  openingBalanceCny: Decimal;
  /** Balance after the last line of this page. */
  closingBalanceCny: Decimal;
  lines: StatementLine[];
  nextCursor: string | null;
}

const CURSOR_PATTERN = /^[1-9][0-9]{0,18}$/;

interface LineRow {
  id: string;
  entry_id: string;
  created_at: string;
  amount: string;
  kind: string;
  memo: string;
  cause_type: CauseType;
  cause_id: string | null;
}

/**
 * An account's postings in time order (created_at, then append order), a page at a
 * time, each with the running balance after it. The cursor is the last posting's id;
 * its position is looked up in the database, so paging is exact whatever the clock
 * precision of the rows.
 */
export async function getStatement(db: DbOrTx, input: StatementInput): Promise<Statement> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const account = await getAccount(db, { operatorId, accountId: input.accountId });
  const pageSize = validatePageSize(input.pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const from = validateDate(input.from, "from");
  const to = validateDate(input.to, "to");
  const cursor = input.cursor ?? null;
  if (cursor !== null && !CURSOR_PATTERN.test(cursor)) throw new DomainError("ledger.invalid_cursor", { field: "cursor" });
  const normalSide = normalSideOf(account.type);
  const sign = normalSide === "debit" ? 1 : -1;

  const cursorPosition = cursor
    ? sql`(select c.created_at, c.id from ledger_postings c where c.id = ${cursor}::bigint and c.account_id = ${account.id}::uuid)`
    : null;
  const openingBalanceCny = (await openingSum(db, { operatorId, accountId: account.id, cursor, from })).times(sign);

  const after = cursorPosition
    ? sql`and (p.created_at, p.id) > ${cursorPosition}`
    : from
    ? sql`and p.created_at >= ${from.toISOString()}::timestamptz`
    : sql``;
  const until = to ? sql`and p.created_at <= ${to.toISOString()}::timestamptz` : sql``;
  const rows = await queryRows<LineRow>(
    db,
    sql`select p.id::text as id, p.entry_id::text as entry_id, p.created_at, p.amount::text as amount,
               e.kind, e.memo, e.cause_type::text as cause_type, e.cause_id
          from ledger_postings p join ledger_entries e on e.id = p.entry_id
         where p.account_id = ${account.id}::uuid ${after} ${until}
         order by p.created_at, p.id
         limit ${pageSize + 1}`,
  );

  const lines = withRunningBalance(rows.slice(0, pageSize), openingBalanceCny, sign);
  const balance = lines.length > 0 ? lines[lines.length - 1]!.balanceCny : openingBalanceCny;
  return {
    account: { id: account.id, code: account.code, type: account.type, normalSide, currency: account.currency },
    openingBalanceCny,
    closingBalanceCny: balance,
    lines,
    nextCursor: rows.length > pageSize ? lines[lines.length - 1]!.postingId : null,
  };
}

/**
 * The signed sum of the account's postings before the page: up to and including the
 * cursor's posting, else before `from`, else nothing. The latest balance snapshot that
 * ends before that point plus the postings between.
 */
async function openingSum(
  db: DbOrTx,
  input: { operatorId: string; accountId: string; cursor: string | null; from: Date | null },
): Promise<Decimal> {
  const { operatorId, accountId, cursor, from } = input;
  let bound: Date;
  let condition;
  if (cursor) {
    const [position] = await queryRows<{ created_at: string }>(
      db,
      sql`select created_at from ledger_postings where id = ${cursor}::bigint and account_id = ${accountId}::uuid`,
    );
    if (!position) throw new DomainError("ledger.invalid_cursor", { field: "cursor" });
    bound = dateFromDb(position.created_at);
    // The plain upper bound on created_at keeps the index range short; the row comparison breaks the tie.
    condition = sql`p.created_at <= (select c.created_at from ledger_postings c where c.id = ${cursor}::bigint)
                    and (p.created_at, p.id) <= (select c.created_at, c.id from ledger_postings c where c.id = ${cursor}::bigint)`;
  } else if (from) {
    bound = from;
    condition = boundCondition({ before: from });
  } else {
    return ZERO_CNY;
  }
  // The cursor's instant may hold more postings after it: only days ending by that instant count.
  const day = await snapshotDayFor(db, operatorId, { before: bound });
  const [opening] = await queryRows<{ total: string }>(db, sql`select (${accountSumSql(accountId, day, condition)})::text as total`);
  return cnyFromDb(opening?.total);
}

/** Each posting as a statement line, with the balance after it (on the account's normal side: `sign`); no database. */
function withRunningBalance(rows: readonly LineRow[], openingBalanceCny: Decimal, sign: 1 | -1): StatementLine[] {
  let balance = openingBalanceCny;
  const lines: StatementLine[] = rows.map((row) => {
    const amount = cnyFromDb(row.amount);
    const changeCny = amount.times(sign);
    balance = balance.plus(changeCny);
    return {
      postingId: row.id,
      entryId: row.entry_id,
      createdAt: dateFromDb(row.created_at),
      kind: row.kind,
      memo: row.memo,
      cause: { type: row.cause_type, id: row.cause_id },
      debitCny: amount.isPositive() ? amount : ZERO_CNY,
      creditCny: amount.isNegative() ? amount.negated() : ZERO_CNY,
      changeCny,
      balanceCny: balance,
    };
  });
  return lines;
}
