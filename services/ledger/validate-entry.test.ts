import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { MAX_POSTINGS_PER_ENTRY } from "./limits";
import { prepareEntry, validatePostings, type PostEntryInput } from "./validate-entry";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const OPERATOR = "00000000-0000-4000-8000-000000000001";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

const entry = (postings: PostEntryInput["postings"], extra: Partial<PostEntryInput> = {}): PostEntryInput => ({
  operatorId: OPERATOR,
  idempotencyKey: "k-1",
  kind: "top_up",
  cause: { type: "top_up", id: "t1" },
  postedBy: { system: "test" },
  postings,
  ...extra,
});
const prepare = (input: PostEntryInput) => prepareEntry(input, { newId: () => "id", now: new Date("2026-01-01T00:00:00Z") });

describe("entry validation", () => {
  it("accepts a balanced entry and sorts its postings by account", () => {
    const postings = validatePostings([
      { accountId: C, amountCny: "-10.00" },
      { accountId: A, amountCny: "4.5" },
      { accountId: B, amountCny: "5.50" },
    ]);
    expect(postings.map((p) => [p.accountId, p.amountCny.toFixed(2)])).toEqual([
      [A, "4.50"],
      [B, "5.50"],
      [C, "-10.00"],
    ]);
  });

  it("refuses an empty entry and a single posting", () => {
    expect(codeOf(() => validatePostings([]))).toBe("ledger.too_few_postings");
    expect(codeOf(() => validatePostings([{ accountId: A, amountCny: "0.00" }]))).toBe("ledger.too_few_postings");
    expect(codeOf(() => validatePostings([{ accountId: A, amountCny: "10" }]))).toBe("ledger.too_few_postings");
  });

  it("refuses an unbalanced entry, by as little as a fen", () => {
    expect(
      codeOf(() =>
        validatePostings([
          { accountId: A, amountCny: "10.00" },
          { accountId: B, amountCny: "-9.99" },
        ]),
      ),
    ).toBe("ledger.unbalanced");
  });

  it("refuses a one-sided entry (all debits or all credits)", () => {
    expect(
      codeOf(() =>
        validatePostings([
          { accountId: A, amountCny: "5" },
          { accountId: B, amountCny: "5" },
        ]),
      ),
    ).toBe("ledger.unbalanced");
    expect(
      codeOf(() =>
        validatePostings([
          { accountId: A, amountCny: "-5" },
          { accountId: B, amountCny: "-5" },
        ]),
      ),
    ).toBe("ledger.unbalanced");
  });

  it("refuses zero lines, even when the rest balances", () => {
    expect(
      codeOf(() =>
        validatePostings([
          { accountId: A, amountCny: "5" },
          { accountId: B, amountCny: "-5" },
          { accountId: C, amountCny: "0.00" },
        ]),
      ),
    ).toBe("ledger.zero_amount");
  });

  it("refuses more than two decimals rather than rounding them into balance", () => {
    expect(
      codeOf(() =>
        validatePostings([
          { accountId: A, amountCny: "0.005" },
          { accountId: B, amountCny: "-0.005" },
        ]),
      ),
    ).toBe("ledger.too_many_decimals");
  });

  it("refuses the same account twice, bad account ids and too many postings", () => {
    expect(
      codeOf(() =>
        validatePostings([
          { accountId: A, amountCny: "5" },
          { accountId: A.toUpperCase(), amountCny: "-5" },
        ]),
      ),
    ).toBe("ledger.duplicate_account");
    expect(
      codeOf(() =>
        validatePostings([
          { accountId: "nope", amountCny: "5" },
          { accountId: B, amountCny: "-5" },
        ]),
      ),
    ).toBe("ledger.account_not_found");
    const many = Array.from({ length: MAX_POSTINGS_PER_ENTRY + 1 }, (_, i) => ({
      accountId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      amountCny: i === 0 ? `-${MAX_POSTINGS_PER_ENTRY}` : "1",
    }));
    expect(codeOf(() => validatePostings(many))).toBe("ledger.too_many_postings");
    expect(
      validatePostings(
        many.slice(0, MAX_POSTINGS_PER_ENTRY).map((p, i) => (i === 0 ? { ...p, amountCny: `-${MAX_POSTINGS_PER_ENTRY - 1}` } : p)),
      ),
    ).toHaveLength(MAX_POSTINGS_PER_ENTRY);
  });

  it("refuses a currency other than CNY, bad keys, kinds, memos and actors", () => {
    const ok = [
      { accountId: A, amountCny: "5" },
      { accountId: B, amountCny: "-5" },
    ];
    expect(codeOf(() => prepare(entry(ok, { currency: "USD" })))).toBe("ledger.unsupported_currency");
    expect(codeOf(() => prepare(entry(ok, { idempotencyKey: "" })))).toBe("ledger.invalid_key");
    expect(codeOf(() => prepare(entry(ok, { idempotencyKey: "has space" })))).toBe("ledger.invalid_key");
    expect(codeOf(() => prepare(entry(ok, { idempotencyKey: "ledger:hold:x:post" })))).toBe("ledger.invalid_key");
    expect(codeOf(() => prepare(entry(ok, { kind: "Top Up" })))).toBe("ledger.invalid_kind");
    expect(codeOf(() => prepare(entry(ok, { memo: "x".repeat(501) })))).toBe("ledger.invalid_memo");
    expect(codeOf(() => prepare(entry(ok, { postedBy: { userId: "not-a-uuid" } })))).toBe("ledger.invalid_actor");
  });

  it("hashes the same request the same way whatever the posting order or notation, and differently otherwise", () => {
    const one = prepare(
      entry([
        { accountId: A, amountCny: "5" },
        { accountId: B, amountCny: "-5.00" },
      ]),
    );
    const two = prepare(
      entry([
        { accountId: B, amountCny: "-5" },
        { accountId: A.toUpperCase(), amountCny: "5.0" },
      ]),
    );
    expect(two.requestHash).toBe(one.requestHash);
    expect(two.postingsHash).toBe(one.postingsHash);
    const other = prepare(
      entry([
        { accountId: A, amountCny: "5.01" },
        { accountId: B, amountCny: "-5.01" },
      ]),
    );
    expect(other.requestHash).not.toBe(one.requestHash);
    const otherMemo = prepare(
      entry(
        [
          { accountId: A, amountCny: "5" },
          { accountId: B, amountCny: "-5" },
        ],
        { memo: "x" },
      ),
    );
    expect(otherMemo.requestHash).not.toBe(one.requestHash);
    expect(one.amountCny.toFixed(2)).toBe("5.00");
  });
});
