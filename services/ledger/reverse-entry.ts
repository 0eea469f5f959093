import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerEntries } from "../../db/schema";
import { DomainError, assert } from "../shared/errors";
import { inTransaction } from "./db-helpers";
import { loadEntries, loadEntriesByKeys, replayOrConflict } from "./entry-rows";
import { formatCny } from "./money";
import type { Actor } from "./types";
import { isUuid, normalizeOperatorId } from "./validate";
import { prepareEntry } from "./validate-entry";
import { writeSingleEntry, type PostedEntry } from "./write-entries";

export interface ReverseEntryInput {
  operatorId: string;
  entryId: string;
  idempotencyKey: string;
  postedBy: Actor;
  /** Why; the finance console makes it mandatory. */
  memo?: string;
  /** Defaults to `reversal`. */
  kind?: string;
  now?: Date;
}

/**
 * Corrects a mistake the only way an append-only ledger allows: a new entry with every
 * posting of the original negated, pointing at it, with the original's cause. An entry
 * is reversed at most once (a unique index decides under races); the same request
 * again returns the reversal, any other is `ledger.already_reversed`. A reversal that
 * would take a wallet below zero (the money was spent since) is refused like any debit.
 */
export async function reverseEntry(db: DbOrTx, input: ReverseEntryInput): Promise<PostedEntry> {
  const operatorId = normalizeOperatorId(input.operatorId);
  if (!isUuid(input.entryId)) throw new DomainError("ledger.entry_not_found", { field: "entryId" });
  const entryId = input.entryId.toLowerCase();
  const now = input.now ?? new Date();

  return inTransaction(db, async (tx) => {
    // Reversals of one entry queue on its row (entries are locked before accounts, as
    // holds are), so each sees whether another reversal committed while it waited.
    const [locked] = await tx
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.operatorId, operatorId), eq(ledgerEntries.id, entryId)))
      .for("no key update");
    if (!locked) throw new DomainError("ledger.entry_not_found", { field: "entryId" });
    const [original] = await loadEntries(tx, operatorId, [entryId]);
    assert(original, `entry ${entryId} vanished under its row lock`);
    const prepared = prepareEntry(
      {
        operatorId,
        idempotencyKey: input.idempotencyKey,
        kind: input.kind ?? "reversal",
        memo: input.memo,
        cause: original.cause,
        postedBy: input.postedBy,
        currency: original.currency,
        postings: original.postings.map((p) => ({ accountId: p.accountId, amountCny: formatCny(p.amountCny.negated()) })),
      },
      { reversesEntryId: original.id, newId: randomUUID, now },
    );
    // Checked before the balances, so a second reversal is reported as such even when
    // the wallet could not afford it any more.
    const [existing] = await tx
      .select({ id: ledgerEntries.id, idempotencyKey: ledgerEntries.idempotencyKey })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.operatorId, operatorId), eq(ledgerEntries.reversesEntryId, original.id)));
    if (existing) {
      if (existing.idempotencyKey !== prepared.idempotencyKey) {
        throw new DomainError("ledger.already_reversed", { details: { entryId: original.id, reversalEntryId: existing.id } });
      }
      const stored = (await loadEntriesByKeys(tx, operatorId, [existing.idempotencyKey])).get(existing.idempotencyKey);
      assert(stored, `reversal ${existing.id} vanished`);
      return { entry: replayOrConflict(stored, prepared.requestHash), replayed: true };
    }
    return writeSingleEntry(tx, prepared);
  });
}
