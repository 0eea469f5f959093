import { formatMoney } from "./i18n/format";
import { timingSafeEqual } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { isDomainError } from "../services/shared/errors";

export type FieldErrors = Record<string, { key: string; params?: Record<string, string | number> }>;

/**
 * Reads a posted form and refuses it (403) unless it carries this browser's CSRF token.
 * Every action reads its form through here; the server also refuses foreign Origins.
 */
export async function readForm(request: Request, context: AppLoadContext): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    // Not a form body (JSON, garbage, wrong content type): the client's mistake, not a 500.
    throw new Response("Expected a form submission", { status: 400, statusText: "form" });
  }
  const token = form.get("_csrf");
  const expected = Buffer.from(context.csrfToken);
  if (typeof token !== "string" || token.length !== expected.length || !timingSafeEqual(Buffer.from(token), expected)) {
    throw new Response("CSRF token missing or wrong", { status: 403, statusText: "csrf" });
  }
  for (const value of form.values()) {
    if (typeof value !== "string") continue;
    if (CONTROL_CHARACTERS.test(value)) throw new Response("Control characters in a form field", { status: 400, statusText: "control_characters" });
    if (value.length > MAX_FIELD_CHARS) throw new Response(String(MAX_FIELD_CHARS), { status: 400, statusText: "field_too_long" });
  }
  return form;
}

/**
 * The longest text any one form field takes, whatever the form: the longest a person types
 * (an adjustment's lines, a list of framing origins, a note) fits several times over, while a
 * pasted document or a script's 10 kB string is refused at the edge before any service or
 * the database sees it. Fields have their own shorter limits, with errors beside them.
 */
export const MAX_FIELD_CHARS = 4_000;

/**
 * No field of any form takes NUL or other control characters (line breaks and tabs are text):
 * they cannot be shown, PostgreSQL refuses NUL in text, and they hide things in audit logs.
 * One rule at the edge, for every form; server.js applies the same to links.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Zod at the edge: the issue messages are message keys (`error.<message>` in the catalogue). */
export function validateForm<S extends z.ZodTypeAny>(
  schema: S,
  form: FormData,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(Object.fromEntries(form));
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= { key: `error.${issue.message}` };
  }
  return { ok: false, errors };
}

/** An amount in fen precision (what services put in an error's details: "50000.00"). */
const FEN_AMOUNT = /^-?\d+\.\d{2}$/;

/**
 * An error's details as message parameters: amounts in the one money format (¥50,000.00),
 * so a message never shows ¥50000.00 beside ¥5,000.00; counts and codes as they are.
 */
export function errorParams(details: Record<string, unknown> | undefined): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(details ?? {})) {
    if (typeof value === "number") params[name] = value;
    else if (typeof value === "string") params[name] = FEN_AMOUNT.test(value) ? formatMoney(value) : value;
  }
  return params;
}

/** A domain error raised on purpose becomes a message beside its field; anything else propagates. */
export function domainErrorToFieldErrors(error: unknown): FieldErrors {
  if (!isDomainError(error)) throw error;
  return { [error.field ?? "_form"]: { key: `error.${error.code}`, params: errorParams(error.details) } };
}

/**
 * For loaders: a domain error from bad query parameters (a stale page cursor, an
 * unknown id) is the client's mistake, answered 400 or 404 — never a 500.
 */
export async function orBadRequest<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const notFound = error.code.endsWith("not_found");
    throw new Response(error.code, { status: notFound ? 404 : 400, statusText: error.code });
  }
}
