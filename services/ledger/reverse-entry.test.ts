import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { DomainError } from "../shared/errors";
import { checkLedger } from "./check-ledger";
import { getBalance } from "./get-balance";
import { getEntry } from "./get-entry";
import { reverseEntry } from "./reverse-entry";
import { createBooks, SYSTEM, topUp, transfer, type Books } from "./test-fixtures";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error("expected a DomainError, got success");
}

describeEachDatabase("reverseEntry", (ctx) => {
  let books: Books;
  const posted = async (accountId: string) => (await getBalance(ctx.db, { operatorId: books.operatorId, accountId })).postedCny.toFixed(2);

  beforeAll(async () => {
    books = await createBooks(ctx.db, 3);
  });

  it("negates every posting, points at the original and keeps its cause", async () => {
    const original = await topUp(ctx.db, books, books.wallets[0]!, "25.00");
    const reversal = await reverseEntry(ctx.db, {
      operatorId: books.operatorId,
      entryId: original.entry.id,
      idempotencyKey: "rev-1",
      memo: "duplicate card charge",
      postedBy: SYSTEM,
    });
    expect(reversal.replayed).toBe(false);
    expect(reversal.entry.reversesEntryId).toBe(original.entry.id);
    expect(reversal.entry.cause).toEqual(original.entry.cause);
    expect(reversal.entry.kind).toBe("reversal");
    expect(reversal.entry.postings.map((p) => [p.accountId, p.amountCny.toFixed(2)])).toEqual(
      original.entry.postings.map((p) => [p.accountId, p.amountCny.negated().toFixed(2)]),
    );
    expect(await posted(books.wallets[0]!)).toBe("0.00");
    expect((await getEntry(ctx.db, { operatorId: books.operatorId, entryId: original.entry.id })).reversedByEntryId).toBe(
      reversal.entry.id,
    );
  });

  it("reverses at most once: the same request replays, any other is refused", async () => {
    const original = await topUp(ctx.db, books, books.wallets[1]!, "10.00");
    const request = { operatorId: books.operatorId, entryId: original.entry.id, idempotencyKey: "rev-2", memo: "x", postedBy: SYSTEM };
    const first = await reverseEntry(ctx.db, request);
    const again = await reverseEntry(ctx.db, request);
    expect(again.replayed).toBe(true);
    expect(again.entry).toEqual(first.entry);
    expect(await codeOf(reverseEntry(ctx.db, { ...request, idempotencyKey: "rev-2b" }))).toBe("ledger.already_reversed");
    expect(await codeOf(reverseEntry(ctx.db, { ...request, memo: "other reason" }))).toBe("ledger.idempotency_conflict");
    expect(await posted(books.wallets[1]!)).toBe("0.00");
  });

  it("lets exactly one of several racing reversals through", async () => {
    const original = await topUp(ctx.db, books, books.wallets[2]!, "40.00");
    const attempts = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((i) =>
        reverseEntry(ctx.db, { operatorId: books.operatorId, entryId: original.entry.id, idempotencyKey: `race-${i}`, postedBy: SYSTEM }),
      ),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const attempt of attempts) {
      if (attempt.status === "rejected") expect((attempt.reason as DomainError).code).toBe("ledger.already_reversed");
    }
    expect(await posted(books.wallets[2]!)).toBe("0.00");
  });

  it("refuses a reversal the wallet can no longer afford, and unknown entries", async () => {
    const original = await topUp(ctx.db, books, books.wallets[0]!, "30.00");
    await transfer(ctx.db, books, books.wallets[0]!, books.fee, "20.00");
    expect(
      await codeOf(
        reverseEntry(ctx.db, { operatorId: books.operatorId, entryId: original.entry.id, idempotencyKey: "rev-3", postedBy: SYSTEM }),
      ),
    ).toBe("ledger.insufficient_funds");
    const other = await createBooks(ctx.db, 0);
    expect(
      await codeOf(
        reverseEntry(ctx.db, { operatorId: other.operatorId, entryId: original.entry.id, idempotencyKey: "rev-4", postedBy: SYSTEM }),
      ),
    ).toBe("ledger.entry_not_found");
    // A reversal can itself be reversed (re-applying the original), once.
    const fee = await transfer(ctx.db, books, books.wallets[0]!, books.fee, "1.00");
    const undo = await reverseEntry(ctx.db, {
      operatorId: books.operatorId,
      entryId: fee.entry.id,
      idempotencyKey: "rev-5",
      postedBy: SYSTEM,
    });
    await reverseEntry(ctx.db, { operatorId: books.operatorId, entryId: undo.entry.id, idempotencyKey: "rev-6", postedBy: SYSTEM });
    expect(await posted(books.wallets[0]!)).toBe("9.00");
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
  });
});
