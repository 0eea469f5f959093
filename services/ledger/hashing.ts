import { createHash } from "node:crypto";
import type Decimal from "decimal.js";
import { formatCny } from "./money";

/**
 * SHA-256 of a canonical JSON array. Arrays (not objects) keep the field order fixed,
 * so the same request always hashes the same.
 */
export function requestHash(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * The postings hash the database recomputes at commit (0002_ledger_guarantees.sql):
 * `account_id:amount` lines, amount as numeric(20,2) text, sorted by account id,
 * joined with ';'. Lower-case uuid text sorts like PostgreSQL's uuid ordering.
 */
export function postingsHash(postings: ReadonlyArray<{ accountId: string; amountCny: Decimal }>): string {
  const lines = [...postings]
    .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0))
    .map((p) => `${p.accountId}:${formatCny(p.amountCny)}`);
  return createHash("sha256").update(lines.join(";"), "utf8").digest("hex");
}

export function hexFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}
