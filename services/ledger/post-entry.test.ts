import { count, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { ledgerEntries, ledgerPostings } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { chart } from "./chart";
import { checkLedger } from "./check-ledger";
import { getBalance } from "./get-balance";
import { getEntry } from "./get-entry";
import { MAX_ENTRIES_PER_BATCH } from "./limits";
import { openAccount } from "./open-account";
import { postEntries } from "./post-entries";
import { postEntry } from "./post-entry";
import { createBooks, createOperator, SYSTEM, topUp, transfer, type Books } from "./test-fixtures";
import type { PostEntryInput } from "./validate-entry";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error("expected a DomainError, got success");
}

describeEachDatabase("postEntry and postEntries", (ctx) => {
  let books: Books;
  const available = async (accountId: string) =>
    (await getBalance(ctx.db, { operatorId: books.operatorId, accountId })).availableCny.toFixed(2);
  const entryCount = async () =>
    (await ctx.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.operatorId, books.operatorId)))[0]!.n;

  beforeAll(async () => {
    books = await createBooks(ctx.db, 3);
  });

  it("posts a balanced entry, moves balances on each account's normal side, and stores it as returned", async () => {
    const { entry, replayed } = await topUp(ctx.db, books, books.wallets[0]!, "100.00");
    expect(replayed).toBe(false);
    expect(entry.amountCny.toFixed(2)).toBe("100.00");
    expect(await available(books.wallets[0]!)).toBe("100.00");
    // The clearing account is an asset: the debit is a positive balance there.
    expect(await available(books.clearingCard)).toBe("100.00");
    const stored = await getEntry(ctx.db, { operatorId: books.operatorId, entryId: entry.id });
    const { reversedByEntryId, holdId, accounts, ...rest } = stored;
    expect(rest).toEqual(entry);
    expect(reversedByEntryId).toBeNull();
    expect(holdId).toBeNull();
    expect(accounts[books.clearingCard]).toEqual({ code: "clearing:card", type: "asset" });
  });

  it("returns the first result unchanged for a replay and writes nothing", async () => {
    const first = await topUp(ctx.db, books, books.wallets[1]!, "20.00", "replay-1");
    const before = await entryCount();
    const again = await topUp(ctx.db, books, books.wallets[1]!, "20.00", "replay-1");
    expect(again.replayed).toBe(true);
    expect(again.entry).toEqual(first.entry);
    expect(await entryCount()).toBe(before);
    expect(await available(books.wallets[1]!)).toBe("20.00");
  });

  it("replays even after the money has moved on and the debit could no longer be afforded", async () => {
    const pay = await transfer(ctx.db, books, books.wallets[1]!, books.fee, "15.00", "pay-1");
    await transfer(ctx.db, books, books.wallets[1]!, books.fee, "5.00");
    expect(await available(books.wallets[1]!)).toBe("0.00");
    const again = await transfer(ctx.db, books, books.wallets[1]!, books.fee, "15.00", "pay-1");
    expect(again.replayed).toBe(true);
    expect(again.entry.id).toBe(pay.entry.id);
  });

  it("refuses the same key with different content", async () => {
    await topUp(ctx.db, books, books.wallets[2]!, "10.00", "conflict-1");
    expect(await codeOf(topUp(ctx.db, books, books.wallets[2]!, "10.01", "conflict-1"))).toBe("ledger.idempotency_conflict");
    expect(await codeOf(topUp(ctx.db, books, books.wallets[1]!, "10.00", "conflict-1"))).toBe("ledger.idempotency_conflict");
    const differentMemo: PostEntryInput = {
      operatorId: books.operatorId,
      idempotencyKey: "conflict-1",
      kind: "top_up",
      memo: "other",
      cause: { type: "top_up", id: "conflict-1" },
      postedBy: SYSTEM,
      postings: [
        { accountId: books.clearingCard, amountCny: "10.00" },
        { accountId: books.wallets[2]!, amountCny: "-10.00" },
      ],
    };
    expect(await codeOf(postEntry(ctx.db, differentMemo))).toBe("ledger.idempotency_conflict");
    expect(await available(books.wallets[2]!)).toBe("10.00");
  });

  it("refuses to take a wallet below zero and writes nothing", async () => {
    const before = await entryCount();
    const error = await transfer(ctx.db, books, books.wallets[2]!, books.fee, "10.01").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("ledger.insufficient_funds");
    expect((error as DomainError).details).toMatchObject({ accountId: books.wallets[2], availableCny: "10.00", requiredCny: "10.01" });
    expect(await entryCount()).toBe(before);
    // Exactly the balance is fine.
    await transfer(ctx.db, books, books.wallets[2]!, books.fee, "10.00");
    expect(await available(books.wallets[2]!)).toBe("0.00");
  });

  it("lets accounts without a rule go either way (custody can be overdrawn in the books)", async () => {
    await transfer(ctx.db, books, books.fee, books.custodyBank, "1000.00");
    expect(await available(books.custodyBank)).toBe("-1000.00");
  });

  it("refuses accounts of another operator, unknown accounts and mixed currencies", async () => {
    const other = await createBooks(ctx.db, 1);
    expect(await codeOf(transfer(ctx.db, books, books.clearingCard, other.wallets[0]!, "1.00"))).toBe("ledger.account_not_found");
    expect(await codeOf(transfer(ctx.db, books, books.clearingCard, "00000000-0000-4000-8000-000000000000", "1.00"))).toBe(
      "ledger.account_not_found",
    );
    const usd = await openAccount(ctx.db, { operatorId: books.operatorId, code: "clearing:card-usd", type: "asset", currency: "USD" });
    expect(await codeOf(transfer(ctx.db, books, usd.id, books.fee, "1.00"))).toBe("ledger.currency_mismatch");
  });

  it("posts inside the caller's transaction: rolled back with it, and a refused posting leaves nothing behind", async () => {
    const wallet = books.wallets[0]!;
    const before = await available(wallet);
    await expect(
      ctx.db.transaction(async (tx) => {
        await topUp(tx, books, wallet, "7.00");
        throw new Error("business step failed");
      }),
    ).rejects.toThrow("business step failed");
    expect(await available(wallet)).toBe(before);

    await ctx.db.transaction(async (tx) => {
      expect(await codeOf(transfer(tx, books, wallet, books.fee, "999999.00"))).toBe("ledger.insufficient_funds");
      await topUp(tx, books, wallet, "3.00");
    });
    expect((await getBalance(ctx.db, { operatorId: books.operatorId, accountId: wallet })).availableCny.minus(before).toFixed(2)).toBe(
      "3.00",
    );
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
  });

  it("opens accounts idempotently and refuses a code reused with another nature", async () => {
    const operatorId = await createOperator(ctx.db);
    const first = await openAccount(ctx.db, { operatorId, ...chart.clearingPassbook() });
    const second = await openAccount(ctx.db, { operatorId, ...chart.clearingPassbook() });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.id).toBe(first.id);
    const both = await Promise.all([1, 2, 3].map(() => openAccount(ctx.db, { operatorId, ...chart.clearingPhonebill() })));
    expect(new Set(both.map((a) => a.id)).size).toBe(1);
    expect(await codeOf(openAccount(ctx.db, { operatorId, code: "clearing:passbook", type: "liability" }))).toBe("ledger.account_conflict");
    expect(await codeOf(openAccount(ctx.db, { operatorId, code: "Bad Code", type: "asset" }))).toBe("ledger.invalid_account_code");
  });

  it("batches: applies entries in order, all or nothing, with replays inside and outside the batch", async () => {
    const b = await createBooks(ctx.db, 2);
    const [w0, w1] = b.wallets as [string, string];
    const entry = (key: string, from: string, to: string, amountCny: string): PostEntryInput => ({
      operatorId: b.operatorId,
      idempotencyKey: key,
      kind: "transfer",
      cause: { type: "adjustment" },
      postedBy: SYSTEM,
      postings: [
        { accountId: from, amountCny },
        { accountId: to, amountCny: `-${amountCny}` },
      ],
    });
    // A later entry may spend what an earlier one credited.
    const results = await postEntries(ctx.db, [
      entry("b-1", b.clearingCard, w0, "50.00"),
      entry("b-2", w0, w1, "30.00"),
      entry("b-1", b.clearingCard, w0, "50.00"),
    ]);
    expect(results.map((r) => r.replayed)).toEqual([false, false, true]);
    expect(results[2]!.entry).toEqual(results[0]!.entry);
    const bal = async (id: string) => (await getBalance(ctx.db, { operatorId: b.operatorId, accountId: id })).postedCny.toFixed(2);
    expect([await bal(w0), await bal(w1)]).toEqual(["20.00", "30.00"]);

    // A shortfall anywhere rolls back the whole batch, and says which entry.
    const error = await postEntries(ctx.db, [entry("b-3", b.clearingCard, w1, "1.00"), entry("b-4", w0, w1, "20.01")]).catch(
      (e: unknown) => e,
    );
    expect((error as DomainError).code).toBe("ledger.insufficient_funds");
    expect((error as DomainError).details.entryIndex).toBe(1);
    expect([await bal(w0), await bal(w1)]).toEqual(["20.00", "30.00"]);

    // A replay of an earlier batch's entry is answered from the books, not re-posted.
    const replay = await postEntries(ctx.db, [entry("b-2", w0, w1, "30.00"), entry("b-5", w1, w0, "30.00")]);
    expect(replay.map((r) => r.replayed)).toEqual([true, false]);
    expect(replay[0]!.entry).toEqual(results[1]!.entry);
    expect([await bal(w0), await bal(w1)]).toEqual(["50.00", "0.00"]);

    expect(await codeOf(postEntries(ctx.db, [entry("b-6", b.clearingCard, w0, "1.00"), entry("b-6", b.clearingCard, w0, "2.00")]))).toBe(
      "ledger.idempotency_conflict",
    );
    expect(await codeOf(postEntries(ctx.db, [entry("b-2", w0, w1, "31.00")]))).toBe("ledger.idempotency_conflict");
    const invalid = await postEntries(ctx.db, [entry("b-7", b.clearingCard, w0, "1.00"), entry("b-8", w0, w1, "1.001")]).catch(
      (e: unknown) => e,
    );
    expect((invalid as DomainError).code).toBe("ledger.too_many_decimals");
    expect((invalid as DomainError).details.entryIndex).toBe(1);
    const tooMany = Array.from({ length: MAX_ENTRIES_PER_BATCH + 1 }, (_, i) => entry(`x-${i}`, b.clearingCard, w0, "1.00"));
    expect(await codeOf(postEntries(ctx.db, tooMany))).toBe("ledger.batch_too_large");
    const mixed = [
      entry("m-1", b.clearingCard, w0, "1.00"),
      { ...entry("m-2", books.clearingCard, books.wallets[0]!, "1.00"), operatorId: books.operatorId },
    ];
    expect(await codeOf(postEntries(ctx.db, mixed))).toBe("ledger.batch_mixed_operators");
    expect((await checkLedger(ctx.db, { operatorId: b.operatorId })).ok).toBe(true);
  });

  it("writes many entries and postings in one batch", async () => {
    const b = await createBooks(ctx.db, 4);
    const inputs: PostEntryInput[] = Array.from({ length: 200 }, (_, i) => ({
      operatorId: b.operatorId,
      idempotencyKey: `many-${i}`,
      kind: "top_up",
      cause: { type: "top_up", id: `t${i}` },
      postedBy: SYSTEM,
      postings: [
        { accountId: b.clearingCard, amountCny: "1.01" },
        { accountId: b.wallets[i % 4]!, amountCny: "-1.00" },
        { accountId: b.fee, amountCny: "-0.01" },
      ],
    }));
    const results = await postEntries(ctx.db, inputs);
    expect(results.every((r) => !r.replayed)).toBe(true);
    const [{ n }] = (await ctx.db.select({ n: count() }).from(ledgerPostings).where(eq(ledgerPostings.operatorId, b.operatorId))) as [
      { n: number },
    ];
    expect(n).toBe(600);
    expect((await getBalance(ctx.db, { operatorId: b.operatorId, accountId: b.wallets[3]! })).postedCny.toFixed(2)).toBe("50.00");
    expect((await getBalance(ctx.db, { operatorId: b.operatorId, accountId: b.fee })).postedCny.toFixed(2)).toBe("2.00");
    const again = await postEntries(ctx.db, inputs);
    expect(again.every((r) => r.replayed)).toBe(true);
    expect((await checkLedger(ctx.db, { operatorId: b.operatorId })).ok).toBe(true);
  });
});
