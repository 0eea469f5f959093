import { createHash } from "node:crypto";
import Decimal from "decimal.js";
import { isUniqueViolation } from "./db-errors";
import { DomainError } from "./errors";

/**
 * One idempotency rule for every money operation (docs/decisions/2026-12-03-one-idempotency-helper.md):
 * a request under a key already used is compared with the stored one by content — the same
 * content is answered with the stored result (`replayed: true`), different content is refused
 * as `idempotency.conflict` beside a form field — and so is a request that lost a race to a
 * concurrent twin (the key's unique violation): it re-reads the winner and compares the same
 * way, never answering with another request's record.
 */

/** What a request says: amounts as Decimal (compared as numbers, "104" = "104.00"), ids and texts as strings. */
export type ContentValue = string | number | boolean | null | Decimal | readonly ContentValue[] | { readonly [name: string]: ContentValue };
export type Content = { readonly [name: string]: ContentValue };

function canonical(value: ContentValue): unknown {
  if (Decimal.isDecimal(value)) return { $decimal: new Decimal(value).toString() };
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const object = value as { readonly [name: string]: ContentValue };
    return Object.fromEntries(Object.keys(object).sort().map((name) => [name, canonical(object[name]!)]));
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`assertion failed: content holds ${value}`);
  return value;
}

/** Canonical JSON: keys sorted, decimals normalised (trailing zeros and exponent form do not matter). */
export function canonicalContent(content: Content): string {
  return JSON.stringify(canonical(content));
}

/** SHA-256 (hex) of the canonical content: for a row that cannot hold every compared field itself. */
export function contentFingerprint(content: Content): string {
  return createHash("sha256").update(canonicalContent(content)).digest("hex");
}

/** The top-level parts of two contents that differ (an empty list: the same request). */
export function differingParts(stored: Content, asked: Content): string[] {
  const names = [...new Set([...Object.keys(stored), ...Object.keys(asked)])].sort();
  return names.filter((name) => JSON.stringify(canonical(stored[name] ?? null)) !== JSON.stringify(canonical(asked[name] ?? null)));
}

export interface ConflictField {
  /** The form field the refusal is shown beside. */
  field: string;
  /** A closer field for a differing content part (e.g. `{ amount: "amount", receiptNo: "receiptNo" }`). */
  fieldOf?: Readonly<Record<string, string>>;
}

/** Throws the one conflict error unless the stored request had the same content. */
export function refuseUnlessSame(stored: Content, asked: Content, conflict: ConflictField): void {
  const differing = differingParts(stored, asked);
  if (differing.length === 0) return;
  const closer = differing.map((part) => conflict.fieldOf?.[part]).find((field) => field !== undefined);
  throw new DomainError("idempotency.conflict", { field: closer ?? conflict.field });
}

export interface Outcome<R> {
  result: R;
  /** True when nothing was done: the answer is the stored result of an earlier request with the same content. */
  replayed: boolean;
}

export interface IdempotentRequest<Stored, R> {
  /** The record stored under the request's key, if any (read outside any failed transaction). */
  find: () => Promise<Stored | undefined>;
  /** The stored record's content, in the same shape as `content`. */
  contentOf: (stored: Stored) => Content;
  /** This request's content: the fields that make it this request. */
  content: Content;
  /** The stored record as this operation's result (no reads: it may run inside `create`'s transaction). */
  resultOf: (stored: Stored) => R | Promise<R>;
  /**
   * Does the work, in its own transaction. `replay` answers with a twin found inside it
   * (after waiting for a lock): compared, then its result, or the conflict.
   */
  create: (replay: (stored: Stored) => Promise<Outcome<R>>) => Promise<Outcome<R>>;
  /** The unique constraints a concurrent twin of this request can violate (it committed first). */
  keyConstraints: readonly string[];
  conflict: ConflictField;
}

/** The stored record's result if its content is this request's; else the conflict. */
export async function replayStored<Stored, R>(request: IdempotentRequest<Stored, R>, stored: Stored): Promise<Outcome<R>> {
  refuseUnlessSame(request.contentOf(stored), request.content, request.conflict);
  return { result: await request.resultOf(stored), replayed: true };
}

/** Replays a stored request, or creates; a lost race re-reads the winner and compares (never returns it unchecked). */
export async function runIdempotent<Stored, R>(request: IdempotentRequest<Stored, R>): Promise<Outcome<R>> {
  const replay = (stored: Stored) => replayStored(request, stored);
  const early = await request.find();
  if (early !== undefined) return replay(early);
  try {
    return await request.create(replay);
  } catch (error) {
    if (!request.keyConstraints.some((constraint) => isUniqueViolation(error, constraint))) throw error;
    const twin = await request.find();
    if (twin === undefined) throw error;
    return replay(twin);
  }
}
