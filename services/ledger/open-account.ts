import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerAccounts } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { ACCOUNT_TYPES, type AccountType, type BalanceRule, type LedgerAccount } from "./types";
import { isUuid, normalizeOperatorId, validateAccountCode, validateAccountCurrency } from "./validate";

export interface OpenAccountInput {
  operatorId: string;
  code: string;
  type: AccountType;
  /** Defaults to CNY. */
  currency?: string;
  ownerUserId?: string | null;
  /** Defaults to `none`. User wallets take `no_negative`. */
  balanceRule?: BalanceRule;
}

type AccountRow = typeof ledgerAccounts.$inferSelect;

export function accountFromRow(row: AccountRow): LedgerAccount {
  return {
    id: row.id,
    operatorId: row.operatorId,
    code: row.code,
    type: row.type,
    currency: row.currency,
    ownerUserId: row.ownerUserId,
    balanceRule: row.balanceRule,
    createdAt: row.createdAt,
  };
}

/**
 * Get-or-create by (operator, code), safe to call on every request and under races:
 * the unique key decides, and both callers get the same row. Asking for an existing
 * code with a different type, currency, owner or rule is `ledger.account_conflict`,
 * because an account's nature never changes once money has touched it.
 */
export async function openAccount(db: DbOrTx, input: OpenAccountInput): Promise<LedgerAccount & { created: boolean }> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const code = validateAccountCode(input.code);
  if (!ACCOUNT_TYPES.includes(input.type)) throw new DomainError("ledger.account_conflict", { field: "type" });
  const currency = validateAccountCurrency(input.currency);
  const balanceRule: BalanceRule = input.balanceRule ?? "none";
  if (balanceRule !== "none" && balanceRule !== "no_negative") throw new DomainError("ledger.account_conflict", { field: "balanceRule" });
  const ownerUserId = input.ownerUserId ? input.ownerUserId.toLowerCase() : null;
  if (ownerUserId !== null && !isUuid(ownerUserId)) throw new DomainError("ledger.invalid_actor", { field: "ownerUserId" });

  const inserted = await db
    .insert(ledgerAccounts)
    .values({ operatorId, code, type: input.type, currency, ownerUserId, balanceRule })
    .onConflictDoNothing({ target: [ledgerAccounts.operatorId, ledgerAccounts.code] })
    .returning();
  if (inserted[0]) return { ...accountFromRow(inserted[0]), created: true };

  const [existing] = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.operatorId, operatorId), eq(ledgerAccounts.code, code)));
  if (!existing) throw new Error(`assertion failed: account ${code} vanished after a unique conflict`);
  if (
    existing.type !== input.type ||
    existing.currency !== currency ||
    existing.ownerUserId !== ownerUserId ||
    existing.balanceRule !== balanceRule
  ) {
    throw new DomainError("ledger.account_conflict", { field: "code", details: { code } });
  }
  return { ...accountFromRow(existing), created: false };
}
