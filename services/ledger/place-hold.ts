import type Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerHolds } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { inTransaction } from "./db-helpers";
import { requestHash } from "./hashing";
import { holdFromRow, publicHold } from "./entry-rows";
import { applyToAvailable, availableBalances, checkCurrencies, insufficientFunds, lockAccounts } from "./lock-accounts";
import { formatCny, parsePositiveAmountCny } from "./money";
import type { Actor, Cause, Hold, Posting } from "./types";
import {
  normalizeAccountId,
  normalizeOperatorId,
  validateActor,
  validateCause,
  validateEntryCurrency,
  validateIdempotencyKey,
  validateKind,
  validateMemo,
} from "./validate";

export interface PlaceHoldInput {
  operatorId: string;
  idempotencyKey: string;
  /** The account the money will leave on posting (e.g. the investor's wallet:available). */
  debitAccountId: string;
  creditAccountId: string;
  amountCny: string | Decimal;
  kind: string;
  memo?: string;
  cause: Cause;
  placedBy: Actor;
  currency?: string;
  now?: Date;
}

export interface PlacedHold {
  hold: Hold;
  replayed: boolean;
}

/**
 * Reserves money for a two-phase transfer (an investment while the loan is funding, a
 * withdrawal awaiting payout). Nothing is posted yet; the reserved amount counts
 * against the available balance of a no-negative account until the hold is posted or
 * voided. Idempotent by key like postEntry: a replay returns the same hold (same id and
 * terms) in the state it has reached since, so a retried request learns if it was posted.
 */
export async function placeHold(db: DbOrTx, input: PlaceHoldInput): Promise<PlacedHold> {
  const { operatorId, idempotencyKey, debitAccountId, creditAccountId, amountCny, currency, kind, memo, cause, actor, hash } = checkHoldRequest(input);
  const now = input.now ?? new Date();

  return inTransaction(db, async (tx) => {
    const replay = async (): Promise<PlacedHold | null> => {
      const [row] = await tx
        .select()
        .from(ledgerHolds)
        .where(and(eq(ledgerHolds.operatorId, operatorId), eq(ledgerHolds.idempotencyKey, idempotencyKey)));
      if (!row) return null;
      const existing = holdFromRow(row);
      if (existing.requestHash !== hash) {
        throw new DomainError("ledger.idempotency_conflict", { field: "idempotencyKey", details: { holdId: existing.id } });
      }
      return { hold: publicHold(existing), replayed: true };
    };

    const accounts = await lockAccounts(tx, operatorId, [debitAccountId, creditAccountId]);
    // The hold's would-be postings: what it reserves is what they would take away.
    const postings: Posting[] = [
      { accountId: debitAccountId, amountCny },
      { accountId: creditAccountId, amountCny: amountCny.negated() },
    ];
    checkCurrencies(postings, currency, accounts);
    const shortfall = applyToAvailable(postings, accounts, availableBalances(accounts));
    if (shortfall) {
      const replayed = await replay();
      if (replayed) return replayed;
      throw insufficientFunds(shortfall);
    }
    const [row] = await tx
      .insert(ledgerHolds)
      .values({
        operatorId,
        idempotencyKey,
        requestHash: Buffer.from(hash, "hex"),
        currency,
        debitAccountId,
        creditAccountId,
        amount: formatCny(amountCny),
        kind,
        memo,
        causeType: cause.type,
        causeId: cause.id,
        placedByUserId: actor.userId,
        placedBySystem: actor.system,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [ledgerHolds.operatorId, ledgerHolds.idempotencyKey] })
      .returning();
    if (row) return { hold: publicHold(holdFromRow(row)), replayed: false };
    const replayed = await replay();
    if (!replayed) throw new Error(`assertion failed: hold ${idempotencyKey} vanished after a unique conflict`);
    return replayed;
  });
}

/** The request checked and normalised, with the hash a replay must match (no database). */
function checkHoldRequest(input: PlaceHoldInput) {
  const operatorId = normalizeOperatorId(input.operatorId);
  const idempotencyKey = validateIdempotencyKey(input.idempotencyKey);
  const debitAccountId = normalizeAccountId(input.debitAccountId, "debitAccountId");
  const creditAccountId = normalizeAccountId(input.creditAccountId, "creditAccountId");
  if (debitAccountId === creditAccountId) throw new DomainError("ledger.duplicate_account", { field: "creditAccountId" });
  const amountCny = parsePositiveAmountCny(input.amountCny, "amountCny");
  const currency = validateEntryCurrency(input.currency);
  const kind = validateKind(input.kind);
  const memo = validateMemo(input.memo);
  const cause = validateCause(input.cause);
  const actor = validateActor(input.placedBy, "placedBy");
  const hash = requestHash([
    "hold/v1",
    operatorId,
    currency,
    debitAccountId,
    creditAccountId,
    formatCny(amountCny),
    kind,
    memo,
    cause.type,
    cause.id,
    actor.userId,
    actor.system,
  ]);
  return { operatorId, idempotencyKey, debitAccountId, creditAccountId, amountCny, currency, kind, memo, cause, actor, hash };
}
