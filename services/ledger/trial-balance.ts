import type Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { balancesAsOfSql, snapshotDayFor } from "./balances-as-of";
import { queryRows } from "./db-helpers";
import { cnyFromDb, sumCny, ZERO_CNY } from "./money";
import { ACCOUNT_TYPES, type AccountType } from "./types";
import { normalizeOperatorId, validateDate } from "./validate";

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
  /** Accounts with a non-zero balance, by code. */
  lines: TrialBalanceLine[];
  byType: Array<{ type: AccountType; debitCny: Decimal; creditCny: Decimal }>;
  totalDebitsCny: Decimal;
  totalCreditsCny: Decimal;
  /** Debits equal credits; false would mean the books are broken (ledger:check says where). */
  balanced: boolean;
}

/**
 * The operator's trial balance at a moment: every account's net balance from postings
 * of entries created at or before `asOf` (for a day, pass its last instant in the
 * operator's time zone): the balance snapshots of the latest day that answers it plus the
 * postings after that day. Summed in the database in numeric, never in floating point.
 */
export async function trialBalance(db: DbOrTx, input: { operatorId: string; asOf?: Date | null }): Promise<TrialBalance> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const asOf = validateDate(input.asOf, "asOf") ?? new Date();
  const day = await snapshotDayFor(db, operatorId, { atOrBefore: asOf });
  const rows = await queryRows<{ id: string; code: string; type: AccountType; net: string }>(
    db,
    sql`select a.id::text as id, a.code, a.type::text as type, t.balance::text as net
          from ${balancesAsOfSql({ operatorId, day, asOf })} t
          join ledger_accounts a on a.id = t.account_id
         where t.balance <> 0
         order by a.code collate "C"`,
  );
  const lines = rows.map((row) => {
    const net = cnyFromDb(row.net);
    return {
      accountId: row.id,
      code: row.code,
      type: row.type,
      debitCny: net.isPositive() ? net : ZERO_CNY,
      creditCny: net.isNegative() ? net.negated() : ZERO_CNY,
    };
  });
  const byType = ACCOUNT_TYPES.map((type) => {
    const ofType = lines.filter((line) => line.type === type);
    return { type, debitCny: sumCny(ofType.map((l) => l.debitCny)), creditCny: sumCny(ofType.map((l) => l.creditCny)) };
  });
  const totalDebitsCny = sumCny(lines.map((l) => l.debitCny));
  const totalCreditsCny = sumCny(lines.map((l) => l.creditCny));
  return { operatorId, asOf, lines, byType, totalDebitsCny, totalCreditsCny, balanced: totalDebitsCny.eq(totalCreditsCny) };
}
