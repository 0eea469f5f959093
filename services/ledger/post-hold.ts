import type Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { ledgerHolds } from "../../db/schema";
import { DomainError, assert } from "../shared/errors";
import { inTransaction } from "./db-helpers";
import { holdFromRow, loadEntries, publicEntry, publicHold } from "./entry-rows";
import { checkCurrencies, lockAccounts } from "./lock-accounts";
import { formatCny, parsePositiveAmountCny } from "./money";
import type { Actor, Hold, JournalEntry } from "./types";
import { INTERNAL_KEY_PREFIX, isUuid, normalizeOperatorId, validateActor, validateMemo } from "./validate";
import { entryFromPrepared, entryRequestHash, debitTotal, type PreparedEntry } from "./validate-entry";
import { postingsHash } from "./hashing";
import { insertEntryRows, insertPostings } from "./write-entries";

export interface PostHoldInput {
  operatorId: string;
  holdId: string;
  /** At most the held amount; defaults to all of it. The rest is released. */
  amountCny?: string | Decimal;
  postedBy: Actor;
  /** Defaults to the hold's memo. */
  memo?: string;
  now?: Date;
}

export interface PostedHold {
  hold: Hold;
  entry: JournalEntry;
  replayed: boolean;
}

/** The entry a hold becomes; its key is derived from the hold, so it exists at most once. */
export function holdEntryKey(holdId: string): string {
  return `${INTERNAL_KEY_PREFIX}hold:${holdId}:post`;
}

/**
 * Second phase, posting: turns a pending hold into a journal entry (debit and credit as
 * held, for the requested amount) and releases the reservation, exactly once. Posting
 * again with the same amount returns the same entry; a different amount is a conflict;
 * posting a voided hold is `ledger.hold_not_pending`.
 */
export async function postHold(db: DbOrTx, input: PostHoldInput): Promise<PostedHold> {
  const operatorId = normalizeOperatorId(input.operatorId);
  if (!isUuid(input.holdId)) throw new DomainError("ledger.hold_not_found", { field: "holdId" });
  const holdId = input.holdId.toLowerCase();
  const requested = input.amountCny === undefined ? null : parsePositiveAmountCny(input.amountCny, "amountCny");
  const actor = validateActor(input.postedBy);
  const memoInput = input.memo === undefined ? undefined : validateMemo(input.memo);
  const now = input.now ?? new Date();

  return inTransaction(db, async (tx) => {
    // Lock order everywhere: the hold row first, then accounts by id.
    const [row] = await tx
      .select()
      .from(ledgerHolds)
      .where(and(eq(ledgerHolds.operatorId, operatorId), eq(ledgerHolds.id, holdId)))
      .for("update");
    if (!row) throw new DomainError("ledger.hold_not_found", { field: "holdId" });
    const hold = holdFromRow(row);
    const amountCny = requested ?? hold.amountCny;

    if (hold.status === "posted") return replayPosted(tx, operatorId, hold, amountCny);
    if (hold.status !== "pending") throw new DomainError("ledger.hold_not_pending", { details: { holdId: hold.id, status: hold.status } });
    if (amountCny.gt(hold.amountCny)) {
      throw new DomainError("ledger.hold_amount_exceeded", { field: "amountCny", details: { heldCny: formatCny(hold.amountCny) } });
    }

    const accounts = await lockAccounts(tx, operatorId, [hold.debitAccountId, hold.creditAccountId]);
    const prepared = prepareHoldEntry({ operatorId, hold, amountCny, actor, memo: memoInput ?? hold.memo, now });
    checkCurrencies(prepared.postings, hold.currency, accounts);
    // Entry row, then the hold's resolution (releasing the reservation), then the
    // postings: in that order no stored balance passes below zero even for a moment,
    // which the immediate CHECK on ledger_accounts would refuse.
    const inserted = await insertEntryRows(tx, [prepared]);
    assert(inserted.has(prepared.id), `hold ${hold.id} was pending but its entry key is taken`);
    const [resolved] = await tx
      .update(ledgerHolds)
      .set({
        status: "posted",
        resolvedAt: now,
        resolvedByUserId: actor.userId,
        resolvedBySystem: actor.system,
        postedEntryId: prepared.id,
        postedAmount: formatCny(amountCny),
      })
      .where(and(eq(ledgerHolds.id, hold.id), eq(ledgerHolds.status, "pending")))
      .returning();
    assert(resolved, `hold ${hold.id} changed under its row lock`);
    await insertPostings(tx, [prepared]);
    return { hold: publicHold(holdFromRow(resolved)), entry: entryFromPrepared(prepared), replayed: false };
  });
}

/** The hold already posted: the same amount gets its entry back, another amount is a conflict. */
async function replayPosted(tx: DbOrTx, operatorId: string, hold: ReturnType<typeof holdFromRow>, amountCny: Decimal): Promise<PostedHold> {
  assert(hold.postedEntryId && hold.postedAmountCny, `posted hold ${hold.id} has no entry`);
  if (!hold.postedAmountCny.eq(amountCny)) {
    throw new DomainError("ledger.idempotency_conflict", { field: "amountCny", details: { holdId: hold.id } });
  }
  const [entry] = await loadEntries(tx, operatorId, [hold.postedEntryId]);
  assert(entry, `entry ${hold.postedEntryId} of hold ${hold.id} is missing`);
  return { hold: publicHold(hold), entry: publicEntry(entry), replayed: true };
}

/** The entry posting `amountCny` of the hold (debit and credit as held), its hashes computed; no database. */
function prepareHoldEntry(input: { operatorId: string; hold: ReturnType<typeof holdFromRow>; amountCny: Decimal; actor: ReturnType<typeof validateActor>; memo: string; now: Date }): PreparedEntry {
  const { operatorId, hold, amountCny, actor, memo, now } = input;
  const postings = [
    { accountId: hold.debitAccountId, amountCny },
    { accountId: hold.creditAccountId, amountCny: amountCny.negated() },
  ].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  const base = {
    operatorId,
    idempotencyKey: holdEntryKey(hold.id),
    currency: hold.currency,
    kind: hold.kind,
    memo,
    cause: hold.cause,
    actor,
    reversesEntryId: null,
    postings,
  };
  return {
    ...base,
    id: randomUUID(),
    requestHash: entryRequestHash(base),
    postingsHash: postingsHash(postings),
    amountCny: debitTotal(postings),
    createdAt: now,
  };
}
