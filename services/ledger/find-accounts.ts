import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerAccounts } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { DEFAULT_PAGE_SIZE, MAX_ACCOUNT_CODE_LENGTH, MAX_PAGE_SIZE } from "./limits";
import { accountFromRow } from "./open-account";
import { ACCOUNT_TYPES, type AccountType, type LedgerAccount } from "./types";
import { isUuid, normalizeOperatorId, validatePageSize } from "./validate";

export interface FindAccountsInput {
  operatorId: string;
  /** e.g. `wallet:available:` or `clearing:`. */
  codePrefix?: string;
  ownerUserId?: string;
  type?: AccountType;
  /** The nextCursor of the previous page. */
  cursor?: string | null;
  pageSize?: number;
}

/** Account search for the finance console, ordered by code, paged by code. */
export async function findAccounts(
  db: DbOrTx,
  input: FindAccountsInput,
): Promise<{ accounts: LedgerAccount[]; nextCursor: string | null }> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const pageSize = validatePageSize(input.pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const conditions: SQL[] = [eq(ledgerAccounts.operatorId, operatorId)];
  if (input.codePrefix) {
    if (input.codePrefix.length > MAX_ACCOUNT_CODE_LENGTH) throw new DomainError("ledger.invalid_account_code", { field: "codePrefix" });
    conditions.push(sql`starts_with(${ledgerAccounts.code}, ${input.codePrefix})`);
  }
  if (input.ownerUserId) {
    if (!isUuid(input.ownerUserId)) return { accounts: [], nextCursor: null };
    conditions.push(eq(ledgerAccounts.ownerUserId, input.ownerUserId.toLowerCase()));
  }
  if (input.type) {
    if (!ACCOUNT_TYPES.includes(input.type)) throw new DomainError("ledger.invalid_kind", { field: "type" });
    conditions.push(eq(ledgerAccounts.type, input.type));
  }
  if (input.cursor) {
    if (input.cursor.length > MAX_ACCOUNT_CODE_LENGTH) throw new DomainError("ledger.invalid_cursor", { field: "cursor" });
    // Codes compare byte-wise so the order does not depend on the database's collation.
    conditions.push(gt(sql`${ledgerAccounts.code} collate "C"`, input.cursor));
  }
  const rows = await db
    .select()
    .from(ledgerAccounts)
    .where(and(...conditions))
    .orderBy(asc(sql`${ledgerAccounts.code} collate "C"`))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize).map(accountFromRow);
  return { accounts: page, nextCursor: rows.length > pageSize ? page[page.length - 1]!.code : null };
}
