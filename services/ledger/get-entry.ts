import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerAccounts, ledgerEntries, ledgerHolds } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { loadEntries, publicEntry } from "./entry-rows";
import type { AccountType, JournalEntry } from "./types";
import { isUuid, normalizeOperatorId } from "./validate";

export interface EntryDetail extends JournalEntry {
  /** The entry that reversed this one, if any. */
  reversedByEntryId: string | null;
  /** The hold this entry posted, if it came from one. */
  holdId: string | null;
  /** Code and type of each posting's account, for display. */
  accounts: Record<string, { code: string; type: AccountType }>;
}

/** One journal entry with its postings, for the entry page; another operator's entry is not found. */
export async function getEntry(db: DbOrTx, input: { operatorId: string; entryId: string }): Promise<EntryDetail> {
  const operatorId = normalizeOperatorId(input.operatorId);
  if (!isUuid(input.entryId)) throw new DomainError("ledger.entry_not_found", { field: "entryId" });
  const [entry] = await loadEntries(db, operatorId, [input.entryId.toLowerCase()]);
  if (!entry) throw new DomainError("ledger.entry_not_found", { field: "entryId" });
  const [reversal] = await db
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.operatorId, operatorId), eq(ledgerEntries.reversesEntryId, entry.id)));
  const [hold] = await db.select({ id: ledgerHolds.id }).from(ledgerHolds).where(eq(ledgerHolds.postedEntryId, entry.id));
  const accounts: EntryDetail["accounts"] = {};
  const rows = await db
    .select({ id: ledgerAccounts.id, code: ledgerAccounts.code, type: ledgerAccounts.type })
    .from(ledgerAccounts)
    .where(
      inArray(
        ledgerAccounts.id,
        entry.postings.map((posting) => posting.accountId),
      ),
    );
  for (const row of rows) accounts[row.id] = { code: row.code, type: row.type };
  return { ...publicEntry(entry), reversedByEntryId: reversal?.id ?? null, holdId: hold?.id ?? null, accounts };
}
