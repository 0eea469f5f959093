import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { DomainError } from "../shared/errors";
import { inTransaction } from "./db-helpers";
import { MAX_ENTRIES_PER_BATCH } from "./limits";
import type { WriteOptions } from "./lock-accounts";
import { prepareEntry, type PostEntryInput } from "./validate-entry";
import { writeEntries, type PostedEntry } from "./write-entries";

/**
 * Posts many entries of one operator in one transaction: the wallets they touch are
 * locked once, in id order, and entries and postings are each written by a single
 * statement. All or nothing: any invalid entry, conflict or shortfall (reported with
 * `details.entryIndex`) rolls the whole batch back. Entries are applied in the given
 * order, so a later entry may spend what an earlier one credited. Results are in input
 * order; a key repeated within the batch is a replay of its first occurrence.
 *
 * `lock: false` is the batch path (applyRepayments): the wallets are read, not locked,
 * so thousands of accounts cost no row locks before the one UPDATE that moves them. The
 * pre-check then runs on the latest committed balances and the database's CHECK on the
 * stored balances is what holds; a wallet emptied concurrently between the two fails
 * the call with ledger.insufficient_funds and leaves the caller's transaction aborted
 * (docs/decisions/2026-12-04-ledger-batch-path.md). With it, `known` passes accounts the
 * caller read in this transaction (readAccountsForPosting), so they are not read twice.
 */
export async function postEntries(db: DbOrTx, inputs: readonly PostEntryInput[], options: WriteOptions = {}): Promise<PostedEntry[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > MAX_ENTRIES_PER_BATCH) {
    throw new DomainError("ledger.batch_too_large", { details: { count: inputs.length, max: MAX_ENTRIES_PER_BATCH } });
  }
  const now = new Date();
  const prepared = inputs.map((input, index) => {
    try {
      return prepareEntry(input, { newId: randomUUID, now });
    } catch (error) {
      if (error instanceof DomainError) {
        throw new DomainError(error.code, { field: error.field, details: { ...error.details, entryIndex: index } });
      }
      throw error;
    }
  });
  const operatorId = prepared[0]!.operatorId;
  if (prepared.some((entry) => entry.operatorId !== operatorId)) throw new DomainError("ledger.batch_mixed_operators");
  return inTransaction(db, (tx) => writeEntries(tx, operatorId, prepared, options));
}
