import type Decimal from "decimal.js";
import { DomainError } from "../shared/errors";
import { requestHash, postingsHash } from "./hashing";
import { MAX_POSTINGS_PER_ENTRY } from "./limits";
import { formatCny, parseAmountCny, sumCny } from "./money";
import type { Actor, Cause, CauseType, JournalEntry, Posting } from "./types";
import {
  actorFromColumns,
  normalizeAccountId,
  normalizeOperatorId,
  validateActor,
  validateCause,
  validateEntryCurrency,
  validateIdempotencyKey,
  validateKind,
  validateMemo,
  type ActorColumns,
} from "./validate";

export interface PostingInput {
  accountId: string;
  /** Signed decimal string or Decimal: debit positive, credit negative. Never a JS number. */
  amountCny: string | Decimal;
}

export interface PostEntryInput {
  operatorId: string;
  /** Caller-chosen; the same key with the same content returns the first result. */
  idempotencyKey: string;
  /** What happened, e.g. `top_up`, `invest`, `disbursement`, `repayment`. */
  kind: string;
  memo?: string;
  cause: Cause;
  postedBy: Actor;
  /** Defaults to CNY, the only currency booked today. */
  currency?: string;
  postings: PostingInput[];
  /** When the entry happened; defaults to the clock. Not part of the idempotency content. */
  now?: Date;
}

/** A validated entry, ready to write: ids lower-cased, amounts exact, postings sorted by account. */
export interface PreparedEntry {
  id: string;
  operatorId: string;
  idempotencyKey: string;
  requestHash: string;
  postingsHash: string;
  currency: string;
  amountCny: Decimal;
  kind: string;
  memo: string;
  cause: { type: CauseType; id: string | null };
  actor: ActorColumns;
  reversesEntryId: string | null;
  createdAt: Date;
  postings: Posting[];
}

/**
 * Checks a set of postings: two to MAX_POSTINGS_PER_ENTRY lines, each a non-zero amount
 * with at most two decimals, each account once, summing to zero. Returns them sorted by
 * account id, the order locks are taken and hashes computed in.
 */
export function validatePostings(postings: readonly PostingInput[]): Posting[] {
  if (!Array.isArray(postings) || postings.length < 2) {
    throw new DomainError("ledger.too_few_postings", {
      field: "postings",
      details: { count: Array.isArray(postings) ? postings.length : 0 },
    });
  }
  if (postings.length > MAX_POSTINGS_PER_ENTRY) {
    throw new DomainError("ledger.too_many_postings", {
      field: "postings",
      details: { count: postings.length, max: MAX_POSTINGS_PER_ENTRY },
    });
  }
  const seen = new Set<string>();
  const lines: Posting[] = postings.map((posting, index) => {
    const field = `postings.${index}`;
    const accountId = normalizeAccountId(posting.accountId, `${field}.accountId`);
    if (seen.has(accountId)) throw new DomainError("ledger.duplicate_account", { field: `${field}.accountId` });
    seen.add(accountId);
    const amountCny = parseAmountCny(posting.amountCny, `${field}.amountCny`);
    if (amountCny.isZero()) throw new DomainError("ledger.zero_amount", { field: `${field}.amountCny` });
    return { accountId, amountCny };
  });
  const total = sumCny(lines.map((line) => line.amountCny));
  if (!total.isZero()) throw new DomainError("ledger.unbalanced", { field: "postings", details: { sumCny: formatCny(total) } });
  return lines.sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
}

export function debitTotal(postings: readonly Posting[]): Decimal {
  return sumCny(postings.filter((p) => p.amountCny.isPositive()).map((p) => p.amountCny));
}

/** Everything the caller decides about an entry, in a fixed order; `now` is left out on purpose. */
export function entryRequestHash(entry: Omit<PreparedEntry, "id" | "requestHash" | "postingsHash" | "createdAt" | "amountCny">): string {
  return requestHash([
    "entry/v1",
    entry.operatorId,
    entry.currency,
    entry.kind,
    entry.memo,
    entry.cause.type,
    entry.cause.id,
    entry.actor.userId,
    entry.actor.system,
    entry.reversesEntryId,
    entry.postings.map((p) => [p.accountId, formatCny(p.amountCny)]),
  ]);
}

/** Pure validation of an entry request (no database): throws a DomainError for bad input. */
export function prepareEntry(
  input: PostEntryInput,
  options: { reversesEntryId?: string | null; idempotencyKey?: string; newId: () => string; now: Date },
): PreparedEntry {
  const base = {
    operatorId: normalizeOperatorId(input.operatorId),
    idempotencyKey: options.idempotencyKey ?? validateIdempotencyKey(input.idempotencyKey),
    currency: validateEntryCurrency(input.currency),
    kind: validateKind(input.kind),
    memo: validateMemo(input.memo),
    cause: validateCause(input.cause),
    actor: validateActor(input.postedBy),
    reversesEntryId: options.reversesEntryId ?? null,
    postings: validatePostings(input.postings),
  };
  const now = input.now ?? options.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new Error("assertion failed: entry time is not a valid Date");
  return {
    ...base,
    id: options.newId(),
    requestHash: entryRequestHash(base),
    postingsHash: postingsHash(base.postings),
    amountCny: debitTotal(base.postings),
    createdAt: now,
  };
}

export function entryFromPrepared(entry: PreparedEntry): JournalEntry {
  return {
    id: entry.id,
    operatorId: entry.operatorId,
    idempotencyKey: entry.idempotencyKey,
    currency: entry.currency,
    amountCny: entry.amountCny,
    kind: entry.kind,
    memo: entry.memo,
    cause: entry.cause,
    postedBy: actorFromColumns(entry.actor.userId, entry.actor.system),
    reversesEntryId: entry.reversesEntryId,
    createdAt: entry.createdAt,
    postings: entry.postings,
  };
}
