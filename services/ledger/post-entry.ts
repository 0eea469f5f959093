import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { prepareEntry, type PostEntryInput } from "./validate-entry";
import { writeSingleEntry, type PostedEntry } from "./write-entries";

/**
 * Posts one journal entry. Validation (two or more non-zero postings with at most two
 * decimals, summing to zero, one currency, accounts of the entry's operator) happens
 * before the database is touched; the no-negative rule is checked under the wallets'
 * row locks. The same idempotency key with the same request returns the first entry
 * (`replayed: true`); with a different request it is `ledger.idempotency_conflict`.
 *
 * One statement does it all (locks, checks, writes), so on a database handle it is
 * one round trip and its own transaction. Pass a transaction to post atomically with
 * the business change that causes the entry; a refusal leaves that transaction usable.
 */
export async function postEntry(db: DbOrTx, input: PostEntryInput): Promise<PostedEntry> {
  const prepared = prepareEntry(input, { newId: randomUUID, now: new Date() });
  return writeSingleEntry(db, prepared);
}
