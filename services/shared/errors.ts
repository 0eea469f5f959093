/**
 * Every error a service raises on purpose carries a stable code; the UI turns the
 * code into a message in the user's language (app/i18n: `error.<code>`), and
 * `field` says which form field it belongs beside.
 *
 * The rule (docs/decisions/2026-12-03-error-codes.md): each area owns its codes in its own
 * `error-codes.ts` and adds them to `AreaErrorCodes` below by declaration merging; this
 * file knows only `DomainError` and the generic codes, and imports nothing from an area.
 */

/** Codes about no one area's records, which any area may raise. */
export type GenericErrorCode =
  | "operator.not_found"
  /** A key (form key, receipt number) already used by a request with other content: nothing was done (shared/idempotency.ts). */
  | "idempotency.conflict";

/**
 * One entry per area, added from `<area>/error-codes.ts` (types only, nothing at run time):
 *
 *     declare module "../shared/errors" { interface AreaErrorCodes { borrowing: BorrowingErrorCode } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface AreaErrorCodes {}

export type ErrorCode = GenericErrorCode | AreaErrorCodes[keyof AreaErrorCodes];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, string | number>>;

  constructor(
    code: ErrorCode,
    options: { field?: string; details?: Record<string, string | number> } = {},
  ) {
    super(code);
    this.name = "DomainError";
    this.code = code;
    this.field = options.field;
    this.details = options.details ?? {};
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Programmer errors: an impossible state. Fails loudly, never shown as a field error. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
