import type Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { DomainError } from "../shared/errors";
import { accountSumSql, boundCondition, snapshotDayFor, type ReadBound } from "./balances-as-of";
import { queryRows } from "./db-helpers";
import { cnyFromDb } from "./money";
import { normalSideOf, type AccountType, type BalanceRule, type NormalSide } from "./types";
import { isUuid, normalizeOperatorId, validateDate } from "./validate";

export interface AccountBalance {
  accountId: string;
  code: string;
  type: AccountType;
  normalSide: NormalSide;
  currency: string;
  balanceRule: BalanceRule;
  /** Posted balance on the account's normal side (a wallet's credit balance is positive). */
  postedCny: Decimal;
  /** Reserved by pending holds that would reduce the balance. */
  pendingOutCny: Decimal;
  /** postedCny - pendingOutCny: what may still be spent. */
  availableCny: Decimal;
  /** null: now. */
  asOf: Date | null;
}

interface AccountRow {
  id: string;
  code: string;
  type: AccountType;
  currency: string;
  balance_rule: BalanceRule;
  posted_balance: string | null;
  pending_out: string | null;
}

/**
 * An account's balance now or as of a moment (entries with created_at <= asOf; holds
 * pending at that moment). Now, a rule-carrying account answers from its stored
 * balance (kept by the database in step with its postings); any other account, and
 * any past moment, is its latest balance snapshot plus the postings after it, and holds.
 */
export async function getBalance(
  db: DbOrTx,
  input: { operatorId: string; accountId: string; asOf?: Date | null },
): Promise<AccountBalance> {
  const operatorId = normalizeOperatorId(input.operatorId);
  if (!isUuid(input.accountId)) throw new DomainError("ledger.account_not_found", { field: "accountId" });
  const accountId = input.accountId.toLowerCase();
  const asOf = validateDate(input.asOf, "asOf");
  const [account] = await queryRows<AccountRow>(
    db,
    sql`select id::text as id, code, type::text as type, currency, balance_rule::text as balance_rule,
               posted_balance::text as posted_balance, pending_out::text as pending_out
          from ledger_accounts where id = ${accountId}::uuid and operator_id = ${operatorId}::uuid`,
  );
  if (!account) throw new DomainError("ledger.account_not_found", { field: "accountId" });
  const normalSide = normalSideOf(account.type);
  let postedCny: Decimal;
  let pendingOutCny: Decimal;
  if (asOf === null && account.balance_rule !== "none") {
    postedCny = cnyFromDb(account.posted_balance);
    pendingOutCny = cnyFromDb(account.pending_out);
  } else {
    const sign = normalSide === "debit" ? sql`1` : sql`-1`;
    const bound: ReadBound = asOf ? { atOrBefore: asOf } : { everything: true };
    const day = await snapshotDayFor(db, operatorId, bound);
    const [sums] = await queryRows<{ posted: string; pending: string }>(
      db,
      sql`select
            (${accountSumSql(accountId, day, boundCondition(bound))} * ${sign})::text as posted,
            (select coalesce(sum(amount), 0) from ledger_holds
              where ${normalSide === "credit" ? sql`debit_account_id` : sql`credit_account_id`} = ${accountId}::uuid
                and ${
                  asOf
                    ? sql`created_at <= ${asOf.toISOString()}::timestamptz
                          and (resolved_at is null or resolved_at > ${asOf.toISOString()}::timestamptz)`
                    : sql`status = 'pending'`
                })::text as pending`,
    );
    postedCny = cnyFromDb(sums?.posted);
    pendingOutCny = cnyFromDb(sums?.pending);
  }
  return {
    accountId: account.id,
    code: account.code,
    type: account.type,
    normalSide,
    currency: account.currency,
    balanceRule: account.balance_rule,
    postedCny,
    pendingOutCny,
    availableCny: postedCny.minus(pendingOutCny),
    asOf,
  };
}
