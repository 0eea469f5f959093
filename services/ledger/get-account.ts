import { and, eq, sql } from "drizzle-orm";
import { pgArray } from "./db-helpers";
import type { DbOrTx } from "../../db/client";
import { ledgerAccounts } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { accountFromRow } from "./open-account";
import type { LedgerAccount } from "./types";
import { isUuid, normalizeOperatorId } from "./validate";

/** One account of the operator, by id; another operator's account is not found. */
export async function getAccount(db: DbOrTx, input: { operatorId: string; accountId: string }): Promise<LedgerAccount> {
  const operatorId = normalizeOperatorId(input.operatorId);
  if (!isUuid(input.accountId)) throw new DomainError("ledger.account_not_found", { field: "accountId" });
  const [row] = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.operatorId, operatorId), eq(ledgerAccounts.id, input.accountId.toLowerCase())));
  if (!row) throw new DomainError("ledger.account_not_found", { field: "accountId" });
  return accountFromRow(row);
}

/** One account of the operator, by code (e.g. `custody:bank`); null when it was never opened. */
export async function getAccountByCode(db: DbOrTx, input: { operatorId: string; code: string }): Promise<LedgerAccount | null> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const [row] = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.operatorId, operatorId), eq(ledgerAccounts.code, input.code)));
  return row ? accountFromRow(row) : null;
}

/**
 * Many accounts of the operator by code in one query (batch paths such as due processing);
 * codes never opened are simply absent from the map. Rule-carrying accounts come with
 * their stored posted balance, so a caller can read claims without a second query.
 */
export async function getAccountsByCodes(
  db: DbOrTx,
  input: { operatorId: string; codes: readonly string[] },
): Promise<Map<string, LedgerAccount & { postedBalance: string | null }>> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const found = new Map<string, LedgerAccount & { postedBalance: string | null }>();
  if (input.codes.length === 0) return found;
  const rows = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.operatorId, operatorId), sql`${ledgerAccounts.code} = any(${pgArray(new Set(input.codes))}::text[])`));
  for (const row of rows) found.set(row.code, { ...accountFromRow(row), postedBalance: row.postedBalance });
  return found;
}
