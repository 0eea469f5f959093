import { DomainError } from "../shared/errors";
import {
  LEDGER_CURRENCY,
  MAX_ACCOUNT_CODE_LENGTH,
  MAX_CAUSE_ID_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_MEMO_LENGTH,
  MAX_SYSTEM_ACTOR_LENGTH,
} from "./limits";
import { isUuid } from "../shared/ids";
import { CAUSE_TYPES, type Actor, type Cause, type CauseType } from "./types";

/** Printable ASCII without spaces: keys come from machines (request ids, webhook event ids). */
const KEY_PATTERN = /^[\x21-\x7e]+$/;
/** Keys the ledger derives itself (posting a hold) live under this prefix; callers may not use it. */
export const INTERNAL_KEY_PREFIX = "ledger:";
const KIND_PATTERN = /^[a-z][a-z0-9_.]{0,63}$/;
const SYSTEM_ACTOR_PATTERN = /^[a-z][a-z0-9_.:-]*$/;
const ACCOUNT_CODE_PATTERN = /^[a-z][a-z0-9_-]*(:[A-Za-z0-9_.-]+)*$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export { isUuid };

/** Account ids are compared as text (lock order, hashes), so they are lower-cased once here. */
export function normalizeAccountId(value: string, field = "accountId"): string {
  if (!isUuid(value)) throw new DomainError("ledger.account_not_found", { field });
  return value.toLowerCase();
}

export function normalizeOperatorId(value: string): string {
  if (!isUuid(value)) throw new DomainError("operator.not_found", { field: "operatorId" });
  return value.toLowerCase();
}

export function validateIdempotencyKey(key: string): string {
  if (
    typeof key !== "string" ||
    key.length === 0 ||
    key.length > MAX_IDEMPOTENCY_KEY_LENGTH ||
    !KEY_PATTERN.test(key) ||
    key.startsWith(INTERNAL_KEY_PREFIX)
  ) {
    throw new DomainError("ledger.invalid_key", { field: "idempotencyKey" });
  }
  return key;
}

export function validateKind(kind: string): string {
  if (typeof kind !== "string" || !KIND_PATTERN.test(kind)) throw new DomainError("ledger.invalid_kind", { field: "kind" });
  return kind;
}

export function validateMemo(memo: string | undefined): string {
  const value = memo ?? "";
  if (typeof value !== "string" || value.length > MAX_MEMO_LENGTH) throw new DomainError("ledger.invalid_memo", { field: "memo" });
  return value;
}

export function validateCause(cause: Cause): { type: CauseType; id: string | null } {
  if (!cause || !CAUSE_TYPES.includes(cause.type)) throw new DomainError("ledger.invalid_kind", { field: "cause" });
  const id = cause.id ?? null;
  if (id !== null && (typeof id !== "string" || id.length === 0 || id.length > MAX_CAUSE_ID_LENGTH)) {
    throw new DomainError("ledger.invalid_kind", { field: "cause" });
  }
  return { type: cause.type, id };
}

export interface ActorColumns {
  userId: string | null;
  system: string | null;
}

export function validateActor(actor: Actor, field = "postedBy"): ActorColumns {
  if (actor && "userId" in actor) {
    if (!isUuid(actor.userId)) throw new DomainError("ledger.invalid_actor", { field });
    return { userId: actor.userId.toLowerCase(), system: null };
  }
  if (actor && "system" in actor) {
    const system = actor.system;
    if (typeof system !== "string" || system.length > MAX_SYSTEM_ACTOR_LENGTH || !SYSTEM_ACTOR_PATTERN.test(system)) {
      throw new DomainError("ledger.invalid_actor", { field });
    }
    return { userId: null, system };
  }
  throw new DomainError("ledger.invalid_actor", { field });
}

export function actorFromColumns(userId: string | null, system: string | null): Actor {
  if (userId) return { userId };
  if (system) return { system };
  throw new Error("assertion failed: an actor row has neither a user nor a system name");
}

/** Only CNY is booked today; the column exists so that one-currency entries can be enforced. */
export function validateEntryCurrency(currency: string | undefined): string {
  const value = currency ?? LEDGER_CURRENCY;
  if (value !== LEDGER_CURRENCY) throw new DomainError("ledger.unsupported_currency", { field: "currency" });
  return value;
}

export function validateAccountCurrency(currency: string | undefined): string {
  const value = currency ?? LEDGER_CURRENCY;
  if (typeof value !== "string" || !CURRENCY_PATTERN.test(value))
    throw new DomainError("ledger.unsupported_currency", { field: "currency" });
  return value;
}

export function validateAccountCode(code: string): string {
  if (typeof code !== "string" || code.length > MAX_ACCOUNT_CODE_LENGTH || !ACCOUNT_CODE_PATTERN.test(code)) {
    throw new DomainError("ledger.invalid_account_code", { field: "code" });
  }
  return code;
}

export function validatePageSize(pageSize: number | undefined, fallback: number, max: number): number {
  const value = pageSize ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new DomainError("ledger.invalid_page_size", { field: "pageSize", details: { max } });
  }
  return value;
}

export function validateDate(value: Date | undefined | null, field: string): Date | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new DomainError("ledger.invalid_cursor", { field });
  return value;
}

/**
 * Keyset cursors: `<epoch ms>.<tiebreak>`, opaque to callers. The time part is an
 * integer of milliseconds, the precision the ledger writes timestamps at.
 */
export function encodeCursor(at: Date, tiebreak: string | number): string {
  return `${at.getTime()}.${tiebreak}`;
}

export function decodeCursor(cursor: string, tiebreak: RegExp): { at: Date; tiebreak: string } {
  const match = /^(\d{1,15})\.(.+)$/.exec(cursor);
  if (!match || !tiebreak.test(match[2]!)) throw new DomainError("ledger.invalid_cursor", { field: "cursor" });
  return { at: new Date(Number(match[1])), tiebreak: match[2]! };
}
