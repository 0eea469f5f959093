import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { DomainError } from "../services/shared/errors";
import { domainErrorToFieldErrors, errorParams, MAX_FIELD_CHARS, readForm } from "./forms.server";

const TOKEN = "t".repeat(32);
const context = { csrfToken: TOKEN } as AppLoadContext;
const post = (fields: Record<string, string>) =>
  new Request("http://portal.test/o/unicom/x", { method: "POST", body: new URLSearchParams({ _csrf: TOKEN, ...fields }) });

async function refusal(work: Promise<unknown>): Promise<{ status: number; statusText: string; body: string } | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    return { status: error.status, statusText: error.statusText, body: await error.text() };
  }
}

describe("readForm, the one edge rule for form fields", () => {
  it("takes a field of exactly the limit, with line breaks, RTL text and emoji", async () => {
    const tail = "\r\nمر👩‍👩";
    const text = "字".repeat(MAX_FIELD_CHARS - tail.length) + tail;
    expect(text.length).toBe(MAX_FIELD_CHARS);
    const form = await readForm(post({ note: text }), context);
    expect(form.get("note")).toBe(text);
  });

  it("refuses a field one character over the limit with 400 field_too_long naming the limit", async () => {
    expect(await refusal(readForm(post({ note: "a".repeat(MAX_FIELD_CHARS + 1) }), context))).toEqual({ status: 400, statusText: "field_too_long", body: String(MAX_FIELD_CHARS) });
  });

  it("refuses NUL and other control characters in any field", async () => {
    for (const bad of ["\u0000", "a\u0007b", "\u001b[31m", "\u007f"]) {
      expect((await refusal(readForm(post({ name: "ok", other: bad }), context)))?.statusText).toBe("control_characters");
    }
  });

  it("refuses a missing or wrong CSRF token (403) and a body that is not a form (400)", async () => {
    const noToken = new Request("http://portal.test/x", { method: "POST", body: new URLSearchParams({ a: "1" }) });
    expect((await refusal(readForm(noToken, context)))?.status).toBe(403);
    const json = new Request("http://portal.test/x", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect((await refusal(readForm(json, context)))?.status).toBe(400);
  });
});
describe("error messages' parameters", () => {
  it("show amounts in the one money format and leave counts and codes alone", () => {
    expect(errorParams({ outstanding: "50000.00", cap: "200000.00", count: 3, days: "7", code: "S001", rate: "0.500000" })).toEqual({
      outstanding: "¥50,000.00",
      cap: "¥200,000.00",
      count: 3,
      days: "7",
      code: "S001",
      rate: "0.500000",
    });
  });

  it("a domain error becomes a message beside its field with formatted amounts", () => {
    const error = new DomainError("review.exposure_cap", { field: "finalAmount", details: { outstanding: "190000.00", cap: "200000.00" } });
    expect(domainErrorToFieldErrors(error)).toEqual({ finalAmount: { key: "error.review.exposure_cap", params: { outstanding: "¥190,000.00", cap: "¥200,000.00" } } });
  });
});
