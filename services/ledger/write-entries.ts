import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { DomainError, assert } from "../shared/errors";
import { queryRows } from "./db-helpers";
import { loadEntriesByKeys, replayOrConflict } from "./entry-rows";
import { applyToAvailable, availableBalances, checkCurrencies, insufficientFunds, lockAccounts, type AccountForPosting } from "./lock-accounts";
import { formatCny } from "./money";
import type { JournalEntry } from "./types";
import { entryFromPrepared, type PreparedEntry } from "./validate-entry";

export interface PostedEntry {
  entry: JournalEntry;
  /** True when the idempotency key was already used for the same request: nothing was written. */
  replayed: boolean;
}

function entryRecords(entries: readonly PreparedEntry[]): string {
  return JSON.stringify(
    entries.map((entry) => ({
      id: entry.id,
      operator_id: entry.operatorId,
      idempotency_key: entry.idempotencyKey,
      request_hash: entry.requestHash,
      postings_hash: entry.postingsHash,
      currency: entry.currency,
      amount: formatCny(entry.amountCny),
      kind: entry.kind,
      memo: entry.memo,
      cause_type: entry.cause.type,
      cause_id: entry.cause.id,
      posted_by_user_id: entry.actor.userId,
      posted_by_system: entry.actor.system,
      reverses_entry_id: entry.reversesEntryId,
      created_at: entry.createdAt.toISOString(),
    })),
  );
}

function postingRecords(entries: readonly PreparedEntry[]): string {
  return JSON.stringify(
    entries.flatMap((entry) =>
      entry.postings.map((posting) => ({
        entry_id: entry.id,
        operator_id: entry.operatorId,
        account_id: posting.accountId,
        currency: entry.currency,
        amount: formatCny(posting.amountCny),
        created_at: entry.createdAt.toISOString(),
      })),
    ),
  );
}

// Rows travel as one JSON parameter: one statement whatever the batch size, no
// parameter limit, and amounts stay decimal strings all the way into numeric.
const entriesFromJson = (json: string) => sql`
  select x.id, x.operator_id, x.idempotency_key, decode(x.request_hash, 'hex'), decode(x.postings_hash, 'hex'), x.currency,
         x.amount, x.kind, x.memo, x.cause_type::ledger_cause_type, x.cause_id, x.posted_by_user_id, x.posted_by_system,
         x.reverses_entry_id, x.created_at
    from jsonb_to_recordset(${json}::jsonb) as x(id uuid, operator_id uuid, idempotency_key text, request_hash text,
         postings_hash text, currency text, amount numeric, kind text, memo text, cause_type text, cause_id text,
         posted_by_user_id uuid, posted_by_system text, reverses_entry_id uuid, created_at timestamptz)`;

const ENTRY_COLUMNS = sql.raw(
  "id, operator_id, idempotency_key, request_hash, postings_hash, currency, amount, kind, memo, cause_type, cause_id, posted_by_user_id, posted_by_system, reverses_entry_id, created_at",
);

const postingsFromJson = (json: string) => sql`
  select y.entry_id, y.operator_id, y.account_id, y.currency, y.amount, y.created_at
    from jsonb_to_recordset(${json}::jsonb) as y(entry_id uuid, operator_id uuid, account_id uuid, currency text,
         amount numeric, created_at timestamptz)`;

/**
 * Writes entries and their postings in one statement. An entry whose idempotency key
 * (or reversal target) is taken is skipped with its postings: ON CONFLICT DO NOTHING
 * waits for a concurrent writer of the same key, so the caller can then read it.
 * Returns the ids actually inserted.
 */
export async function insertEntriesWithPostings(tx: DbOrTx, entries: readonly PreparedEntry[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`with inserted as (
          insert into ledger_entries (${ENTRY_COLUMNS}) ${entriesFromJson(entryRecords(entries))}
          on conflict do nothing
          returning id
        ), posted as (
          insert into ledger_postings (entry_id, operator_id, account_id, currency, amount, created_at)
          select p.* from (${postingsFromJson(postingRecords(entries))}) p join inserted i on i.id = p.entry_id
          returning 1
        )
        select id::text as id from inserted`,
  );
  return new Set(rows.map((row) => row.id));
}

/** The entry row alone (posting a hold writes the hold's resolution between entry and postings). */
export async function insertEntryRows(tx: DbOrTx, entries: readonly PreparedEntry[]): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into ledger_entries (${ENTRY_COLUMNS}) ${entriesFromJson(entryRecords(entries))}
        on conflict do nothing returning id::text as id`,
  );
  return new Set(rows.map((row) => row.id));
}

export async function insertPostings(tx: DbOrTx, entries: readonly PreparedEntry[]): Promise<void> {
  await tx.execute(
    sql`insert into ledger_postings (entry_id, operator_id, account_id, currency, amount, created_at)
        ${postingsFromJson(postingRecords(entries))}`,
  );
}

/**
 * The write path shared by single, batched and reversing postings, inside the caller's
 * transaction: lock the wallets once in id order, check currencies and the no-negative
 * rule entry by entry (in batch order), write what is new, and answer replays with the
 * stored entry.
 *
 * `lookupFirst` reads existing keys before simulating balances (batches, where a replay
 * inside the batch must not be counted twice); the single path skips that read and only
 * looks a key up when it must (insufficient funds, or a conflicting insert).
 */
export async function writeEntries(
  tx: DbOrTx,
  operatorId: string,
  entries: readonly PreparedEntry[],
  options: { lookupFirst: boolean },
): Promise<PostedEntry[]> {
  assert(entries.length > 0, "writeEntries needs at least one entry");
  assert(entries.every((entry) => entry.operatorId === operatorId), "entries of one write share an operator");
  const accounts: Map<string, AccountForPosting> = await lockAccounts(
    tx,
    operatorId,
    entries.flatMap((entry) => entry.postings.map((posting) => posting.accountId)),
  );
  for (const entry of entries) checkCurrencies(entry.postings, entry.currency, accounts);

  const existing = options.lookupFirst
    ? await loadEntriesByKeys(tx, operatorId, entries.map((entry) => entry.idempotencyKey))
    : new Map();
  const outcomes: Array<PostedEntry | undefined> = new Array(entries.length);
  const firstIndexByKey = new Map<string, number>();
  const duplicates: Array<[index: number, first: number]> = [];
  const available = availableBalances(accounts);
  const toInsert: PreparedEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const stored = existing.get(entry.idempotencyKey);
    if (stored) {
      outcomes[index] = { entry: replayOrConflict(stored, entry.requestHash), replayed: true };
      continue;
    }
    const first = firstIndexByKey.get(entry.idempotencyKey);
    if (first !== undefined) {
      if (entries[first]!.requestHash !== entry.requestHash) {
        throw new DomainError("ledger.idempotency_conflict", { field: "idempotencyKey", details: { entryIndex: index } });
      }
      duplicates.push([index, first]);
      continue;
    }
    firstIndexByKey.set(entry.idempotencyKey, index);
    const shortfall = applyToAvailable(entry.postings, accounts, available);
    if (shortfall) {
      if (!options.lookupFirst) {
        // Maybe the request already succeeded and is being retried after the money moved on.
        const stored = (await loadEntriesByKeys(tx, operatorId, [entry.idempotencyKey])).get(entry.idempotencyKey);
        if (stored) return [{ entry: replayOrConflict(stored, entry.requestHash), replayed: true }];
      }
      throw insufficientFunds(shortfall, entries.length > 1 ? { entryIndex: index } : {});
    }
    toInsert.push(entry);
  }

  const inserted = await insertEntriesWithPostings(tx, toInsert);
  const attempted = new Set(toInsert);
  const skipped = toInsert.filter((entry) => !inserted.has(entry.id));
  const storedSkipped = await loadEntriesByKeys(tx, operatorId, skipped.map((entry) => entry.idempotencyKey));
  for (const [index, entry] of entries.entries()) {
    if (outcomes[index] || !attempted.has(entry)) continue;
    if (inserted.has(entry.id)) {
      outcomes[index] = { entry: entryFromPrepared(entry), replayed: false };
      continue;
    }
    const stored = storedSkipped.get(entry.idempotencyKey);
    if (!stored) {
      // The only other unique rule an entry can hit: its target is already reversed.
      assert(entry.reversesEntryId, `entry ${entry.idempotencyKey} was skipped without a conflicting key`);
      throw new DomainError("ledger.already_reversed", { details: { entryId: entry.reversesEntryId } });
    }
    outcomes[index] = { entry: replayOrConflict(stored, entry.requestHash), replayed: true };
  }
  for (const [index, first] of duplicates) {
    const firstOutcome = outcomes[first];
    assert(firstOutcome, "a duplicate's first occurrence has an outcome");
    outcomes[index] = { entry: firstOutcome.entry, replayed: true };
  }
  return outcomes.map((outcome, index) => {
    assert(outcome, `entry ${index} has no outcome`);
    return outcome;
  });
}
