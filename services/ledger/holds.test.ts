import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { DomainError } from "../shared/errors";
import { checkLedger } from "./check-ledger";
import { getBalance } from "./get-balance";
import { getEntry } from "./get-entry";
import { getHold } from "./get-hold";
import { placeHold, type PlaceHoldInput } from "./place-hold";
import { postHold } from "./post-hold";
import { createBooks, SYSTEM, topUp, transfer, type Books } from "./test-fixtures";
import { voidHold } from "./void-hold";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error("expected a DomainError, got success");
}

describeEachDatabase("holds (two-phase transfers)", (ctx) => {
  let books: Books;
  let n = 0;
  const balance = async (accountId: string) => {
    const b = await getBalance(ctx.db, { operatorId: books.operatorId, accountId });
    return { posted: b.postedCny.toFixed(2), pending: b.pendingOutCny.toFixed(2), available: b.availableCny.toFixed(2) };
  };
  const hold = (wallet: string, amountCny: string, extra: Partial<PlaceHoldInput> = {}) =>
    placeHold(ctx.db, {
      operatorId: books.operatorId,
      idempotencyKey: `hold-${++n}`,
      debitAccountId: wallet,
      creditAccountId: books.custodyBank,
      amountCny,
      kind: "withdrawal",
      cause: { type: "withdrawal", id: `w-${n}` },
      placedBy: SYSTEM,
      ...extra,
    });

  beforeAll(async () => {
    books = await createBooks(ctx.db, 4);
    for (const wallet of books.wallets) await topUp(ctx.db, books, wallet, "100.00");
  });

  it("reserves funds: available drops, posted does not, and other debits see the reservation", async () => {
    const wallet = books.wallets[0]!;
    const { hold: placed, replayed } = await hold(wallet, "60.00");
    expect(replayed).toBe(false);
    expect(placed.status).toBe("pending");
    expect(await balance(wallet)).toEqual({ posted: "100.00", pending: "60.00", available: "40.00" });
    expect(await codeOf(transfer(ctx.db, books, wallet, books.fee, "40.01"))).toBe("ledger.insufficient_funds");
    expect(await codeOf(hold(wallet, "40.01"))).toBe("ledger.insufficient_funds");
    await hold(wallet, "40.00");
    expect(await balance(wallet)).toEqual({ posted: "100.00", pending: "100.00", available: "0.00" });
  });

  it("posts a hold exactly once: replays return the same entry, other amounts conflict, void is refused", async () => {
    const wallet = books.wallets[1]!;
    const { hold: placed } = await hold(wallet, "30.00");
    const posted = await postHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, postedBy: SYSTEM });
    expect(posted.replayed).toBe(false);
    expect(posted.hold.status).toBe("posted");
    expect(posted.hold.postedEntryId).toBe(posted.entry.id);
    expect(posted.entry.amountCny.toFixed(2)).toBe("30.00");
    expect(await balance(wallet)).toEqual({ posted: "70.00", pending: "0.00", available: "70.00" });
    const again = await postHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, postedBy: SYSTEM, amountCny: "30" });
    expect(again.replayed).toBe(true);
    expect(again.entry).toEqual(posted.entry);
    expect(await codeOf(postHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, postedBy: SYSTEM, amountCny: "29.99" }))).toBe(
      "ledger.idempotency_conflict",
    );
    expect(await codeOf(voidHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, voidedBy: SYSTEM }))).toBe(
      "ledger.hold_not_pending",
    );
    expect(await balance(wallet)).toEqual({ posted: "70.00", pending: "0.00", available: "70.00" });
    const detail = await getEntry(ctx.db, { operatorId: books.operatorId, entryId: posted.entry.id });
    expect(detail.holdId).toBe(placed.id);
    expect(detail.cause).toEqual(placed.cause);
  });

  it("posts part of a hold and releases the rest; never more than held", async () => {
    const wallet = books.wallets[2]!;
    const { hold: placed } = await hold(wallet, "50.00");
    expect(await codeOf(postHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, postedBy: SYSTEM, amountCny: "50.01" }))).toBe(
      "ledger.hold_amount_exceeded",
    );
    const posted = await postHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, postedBy: SYSTEM, amountCny: "20.50" });
    expect(posted.hold.postedAmountCny?.toFixed(2)).toBe("20.50");
    expect(await balance(wallet)).toEqual({ posted: "79.50", pending: "0.00", available: "79.50" });
  });

  it("voids a hold exactly once: the reservation is released, a second void is a replay, posting is refused", async () => {
    const wallet = books.wallets[3]!;
    const { hold: placed } = await hold(wallet, "80.00");
    expect((await balance(wallet)).available).toBe("20.00");
    const voided = await voidHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, voidedBy: SYSTEM });
    expect(voided.replayed).toBe(false);
    expect(voided.hold.status).toBe("voided");
    expect(await balance(wallet)).toEqual({ posted: "100.00", pending: "0.00", available: "100.00" });
    const again = await voidHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, voidedBy: SYSTEM });
    expect(again.replayed).toBe(true);
    expect(again.hold).toEqual(voided.hold);
    expect(await codeOf(postHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, postedBy: SYSTEM }))).toBe(
      "ledger.hold_not_pending",
    );
    expect(await balance(wallet)).toEqual({ posted: "100.00", pending: "0.00", available: "100.00" });
  });

  it("resolves a hold once when posting and voiding race", async () => {
    const wallet = books.wallets[3]!;
    const { hold: placed } = await hold(wallet, "10.00");
    const attempts = await Promise.allSettled([
      postHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, postedBy: SYSTEM }),
      voidHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, voidedBy: SYSTEM }),
      postHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, postedBy: SYSTEM }),
      voidHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id, voidedBy: SYSTEM }),
    ]);
    const final = await getHold(ctx.db, { operatorId: books.operatorId, holdId: placed.id });
    const fresh = attempts.filter((a) => a.status === "fulfilled" && !a.value.replayed);
    expect(fresh).toHaveLength(1);
    for (const attempt of attempts) {
      if (attempt.status === "rejected") expect((attempt.reason as DomainError).code).toBe("ledger.hold_not_pending");
    }
    expect(["posted", "voided"]).toContain(final.status);
    expect((await balance(wallet)).posted).toBe(final.status === "posted" ? "90.00" : "100.00");
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
  });

  it("places holds idempotently", async () => {
    const wallet = books.wallets[3]!;
    const same = { idempotencyKey: "same-hold", cause: { type: "withdrawal" as const, id: "w-same" } };
    const first = await hold(wallet, "1.00", same);
    const again = await hold(wallet, "1.00", same);
    expect(again.replayed).toBe(true);
    expect(again.hold).toEqual(first.hold);
    expect((await balance(wallet)).pending).toBe(first.hold.amountCny.toFixed(2));
    expect(await codeOf(hold(wallet, "2.00", same))).toBe("ledger.idempotency_conflict");
    expect(await codeOf(hold(wallet, "1.00", { creditAccountId: wallet }))).toBe("ledger.duplicate_account");
    expect(await codeOf(hold(wallet, "0"))).toBe("ledger.zero_amount");
    expect(await codeOf(getHold(ctx.db, { operatorId: books.operatorId, holdId: "00000000-0000-4000-8000-000000000000" }))).toBe(
      "ledger.hold_not_found",
    );
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
  });
});
