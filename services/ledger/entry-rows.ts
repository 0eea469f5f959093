import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerEntries, ledgerHolds, ledgerPostings } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { pgArray } from "./db-helpers";
import { hexFromBytes } from "./hashing";
import { cnyFromDb } from "./money";
import type { Hold, JournalEntry } from "./types";
import { actorFromColumns } from "./validate";

type EntryRow = typeof ledgerEntries.$inferSelect;
type HoldRow = typeof ledgerHolds.$inferSelect;

export interface StoredEntry extends JournalEntry {
  requestHash: string;
}

/** Loads entries with their postings (sorted by account id, as written). */
async function withPostings(db: DbOrTx, rows: EntryRow[]): Promise<StoredEntry[]> {
  if (rows.length === 0) return [];
  const postings = await db
    .select({ entryId: ledgerPostings.entryId, accountId: ledgerPostings.accountId, amount: ledgerPostings.amount })
    .from(ledgerPostings)
    .where(
      sql`${ledgerPostings.entryId} = any(${pgArray(rows.map((row) => row.id))}::uuid[])`,
    )
    .orderBy(asc(ledgerPostings.entryId), asc(ledgerPostings.accountId));
  const byEntry = new Map<string, JournalEntry["postings"]>();
  for (const posting of postings) {
    const list = byEntry.get(posting.entryId) ?? [];
    list.push({ accountId: posting.accountId, amountCny: cnyFromDb(posting.amount) });
    byEntry.set(posting.entryId, list);
  }
  return rows.map((row) => ({
    id: row.id,
    operatorId: row.operatorId,
    idempotencyKey: row.idempotencyKey,
    requestHash: hexFromBytes(row.requestHash),
    currency: row.currency,
    amountCny: cnyFromDb(row.amount),
    kind: row.kind,
    memo: row.memo,
    cause: { type: row.causeType, id: row.causeId },
    postedBy: actorFromColumns(row.postedByUserId, row.postedBySystem),
    reversesEntryId: row.reversesEntryId,
    createdAt: row.createdAt,
    postings: byEntry.get(row.id) ?? [],
  }));
}

export async function loadEntries(db: DbOrTx, operatorId: string, ids: readonly string[]): Promise<StoredEntry[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.operatorId, operatorId), sql`${ledgerEntries.id} = any(${pgArray(ids)}::uuid[])`));
  const loaded = await withPostings(db, rows);
  const byId = new Map(loaded.map((entry) => [entry.id, entry]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function loadEntriesByKeys(db: DbOrTx, operatorId: string, keys: readonly string[]): Promise<Map<string, StoredEntry>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.operatorId, operatorId), sql`${ledgerEntries.idempotencyKey} = any(${pgArray(keys)}::text[])`));
  const loaded = await withPostings(db, rows);
  return new Map(loaded.map((entry) => [entry.idempotencyKey, entry]));
}

/** A stored entry without its request hash: what callers see. */
export function publicEntry(entry: StoredEntry): JournalEntry {
  const { requestHash: _requestHash, ...rest } = entry;
  return rest;
}

/**
 * The idempotency rule: a request whose key is taken returns the stored entry if it
 * asked for exactly the same thing, and is refused if it asked for something else.
 */
export function replayOrConflict(existing: StoredEntry, requestHash: string): JournalEntry {
  if (existing.requestHash !== requestHash) {
    throw new DomainError("ledger.idempotency_conflict", { field: "idempotencyKey", details: { entryId: existing.id } });
  }
  return publicEntry(existing);
}

export function holdFromRow(row: HoldRow): Hold & { requestHash: string } {
  return {
    id: row.id,
    operatorId: row.operatorId,
    idempotencyKey: row.idempotencyKey,
    requestHash: hexFromBytes(row.requestHash),
    currency: row.currency,
    debitAccountId: row.debitAccountId,
    creditAccountId: row.creditAccountId,
    amountCny: cnyFromDb(row.amount),
    kind: row.kind,
    memo: row.memo,
    cause: { type: row.causeType, id: row.causeId },
    placedBy: actorFromColumns(row.placedByUserId, row.placedBySystem),
    status: row.status,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedAt ? actorFromColumns(row.resolvedByUserId, row.resolvedBySystem) : null,
    postedEntryId: row.postedEntryId,
    postedAmountCny: row.postedAmount === null ? null : cnyFromDb(row.postedAmount),
  };
}

export function publicHold(hold: Hold & { requestHash: string }): Hold {
  const { requestHash: _requestHash, ...rest } = hold;
  return rest;
}
