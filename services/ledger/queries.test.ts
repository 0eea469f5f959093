import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { DomainError } from "../shared/errors";
import { findAccounts } from "./find-accounts";
import { getBalance } from "./get-balance";
import { getStatement, type StatementLine } from "./get-statement";
import { placeHold } from "./place-hold";
import { postEntry } from "./post-entry";
import { postHold } from "./post-hold";
import { searchJournal } from "./search-journal";
import { createBooks, SYSTEM, type Books } from "./test-fixtures";
import { trialBalance, trialBalanceAccounts } from "./trial-balance";

const T = (minute: number) => new Date(Date.UTC(2026, 0, 1, 8, minute));

describeEachDatabase("balances, statements, trial balance and journal search", (ctx) => {
  let books: Books;
  const post = (key: string, at: Date, from: string, to: string, amountCny: string, kind = "transfer", causeId = key) =>
    postEntry(ctx.db, {
      operatorId: books.operatorId,
      idempotencyKey: key,
      kind,
      cause: { type: kind === "top_up" ? "top_up" : "repayment", id: causeId },
      postedBy: SYSTEM,
      postings: [
        { accountId: from, amountCny },
        { accountId: to, amountCny: `-${amountCny}` },
      ],
      now: at,
    });

  beforeAll(async () => {
    books = await createBooks(ctx.db, 2);
    const [w0, w1] = books.wallets as [string, string];
    // A small, timed history on wallet 0 (amounts in fen-exact decimals):
    await post("e1", T(1), books.clearingCard, w0, "100.00", "top_up"); // 100.00
    await post("e2", T(2), w0, books.fee, "0.50", "fee"); // 99.50
    await post("e3", T(3), w0, w1, "33.33"); // 66.17
    await post("e4", T(4), books.clearingCard, w0, "10.01", "top_up"); // 76.18
    await post("e5", T(5), w0, w1, "6.18"); // 70.00
    await post("e6", T(5), w1, w0, "0.01"); // 70.01 (same instant: append order decides)
    await post("e7", T(7), w0, books.fee, "70.01", "fee"); // 0.00
  });

  it("gives the balance now and as of any moment", async () => {
    const at = async (asOf?: Date) =>
      (await getBalance(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]!, asOf })).postedCny.toFixed(2);
    expect(await at(new Date(T(1).getTime() - 1))).toBe("0.00");
    expect(await at(T(1))).toBe("100.00");
    expect(await at(T(3))).toBe("66.17");
    expect(await at(new Date(T(5).getTime() + 59_000))).toBe("70.01");
    expect(await at()).toBe("0.00");
    const fee = await getBalance(ctx.db, { operatorId: books.operatorId, accountId: books.fee, asOf: T(6) });
    expect(fee.normalSide).toBe("credit");
    expect(fee.postedCny.toFixed(2)).toBe("0.50");
  });

  it("counts holds pending at the moment asked about", async () => {
    const b = await createBooks(ctx.db, 1);
    const wallet = b.wallets[0]!;
    await postEntry(ctx.db, {
      operatorId: b.operatorId,
      idempotencyKey: "fund",
      kind: "top_up",
      cause: { type: "top_up" },
      postedBy: SYSTEM,
      postings: [
        { accountId: b.clearingCard, amountCny: "50.00" },
        { accountId: wallet, amountCny: "-50.00" },
      ],
      now: T(0),
    });
    const { hold } = await placeHold(ctx.db, {
      operatorId: b.operatorId,
      idempotencyKey: "h",
      debitAccountId: wallet,
      creditAccountId: b.custodyBank,
      amountCny: "20.00",
      kind: "withdrawal",
      cause: { type: "withdrawal" },
      placedBy: SYSTEM,
      now: T(10),
    });
    await postHold(ctx.db, { operatorId: b.operatorId, holdId: hold.id, postedBy: SYSTEM, now: T(20) });
    const at = async (asOf: Date) => {
      const x = await getBalance(ctx.db, { operatorId: b.operatorId, accountId: wallet, asOf });
      return [x.postedCny.toFixed(2), x.pendingOutCny.toFixed(2), x.availableCny.toFixed(2)];
    };
    expect(await at(T(5))).toEqual(["50.00", "0.00", "50.00"]);
    expect(await at(T(15))).toEqual(["50.00", "20.00", "30.00"]);
    expect(await at(T(25))).toEqual(["30.00", "0.00", "30.00"]);
  });

  it("pages a statement with a running balance that continues across pages", async () => {
    const all = await getStatement(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]!, pageSize: 100 });
    expect(all.nextCursor).toBeNull();
    expect(all.openingBalanceCny.toFixed(2)).toBe("0.00");
    const summary = (lines: StatementLine[]) => lines.map((l) => [l.changeCny.toFixed(2), l.balanceCny.toFixed(2)]);
    expect(summary(all.lines)).toEqual([
      ["100.00", "100.00"],
      ["-0.50", "99.50"],
      ["-33.33", "66.17"],
      ["10.01", "76.18"],
      ["-6.18", "70.00"],
      ["0.01", "70.01"],
      ["-70.01", "0.00"],
    ]);
    // A wallet is credit-normal: a credit (money in) shows in the credit column.
    expect(all.lines[0]!.creditCny.toFixed(2)).toBe("100.00");
    expect(all.lines[0]!.debitCny.toFixed(2)).toBe("0.00");
    expect(all.lines[0]!.kind).toBe("top_up");

    const pages: StatementLine[][] = [];
    let cursor: string | null = null;
    let previousClosing = "0.00";
    do {
      const page = await getStatement(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]!, pageSize: 3, cursor });
      expect(page.openingBalanceCny.toFixed(2)).toBe(previousClosing);
      previousClosing = page.closingBalanceCny.toFixed(2);
      pages.push(page.lines);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(all.lines);

    const window = await getStatement(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]!, from: T(3), to: T(5) });
    expect(window.openingBalanceCny.toFixed(2)).toBe("99.50");
    expect(summary(window.lines).map((l) => l[1])).toEqual(["66.17", "76.18", "70.00", "70.01"]);
    await expect(getStatement(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]!, cursor: "abc" })).rejects.toThrow(
      DomainError,
    );
    await expect(getStatement(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]!, cursor: "999999999" })).rejects.toThrow(
      "ledger.invalid_cursor",
    );
  });

  it("balances the trial balance, as of any moment, by account class and type, with each class's accounts paged", async () => {
    const now = await trialBalance(ctx.db, { operatorId: books.operatorId });
    expect(now.balanced).toBe(true);
    expect(now.totalDebitsCny.toFixed(2)).toBe(now.totalCreditsCny.toFixed(2));
    const byClass = Object.fromEntries(now.classes.map((c) => [c.accountClass, [c.debitCny.toFixed(2), c.creditCny.toFixed(2), c.accounts]]));
    expect(byClass).toEqual({ "clearing:card": ["110.01", "0.00", 1], "revenue:service-fee": ["0.00", "70.51", 1], "wallet:available": ["0.00", "39.50", 1] });
    const lines = [];
    for (const c of now.classes) {
      let afterCode: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof trialBalanceAccounts>> = await trialBalanceAccounts(ctx.db, { operatorId: books.operatorId, accountClass: c.accountClass, afterCode, pageSize: 1 });
        expect(page.lines.length).toBeLessThanOrEqual(1);
        lines.push(...page.lines);
        afterCode = page.nextAfterCode;
      } while (afterCode);
    }
    const byCode = Object.fromEntries(lines.map((l) => [l.code, [l.debitCny.toFixed(2), l.creditCny.toFixed(2)]]));
    expect(byCode["clearing:card"]).toEqual(["110.01", "0.00"]);
    expect(byCode["revenue:service-fee"]).toEqual(["0.00", "70.51"]);
    expect(byCode[`wallet:available:${books.users[1]}`]).toEqual(["0.00", "39.50"]);
    expect(byCode[`wallet:available:${books.users[0]}`]).toBeUndefined(); // zero balance
    const byType = Object.fromEntries(now.byType.map((t) => [t.type, [t.debitCny.toFixed(2), t.creditCny.toFixed(2)]]));
    expect(byType).toEqual({
      asset: ["110.01", "0.00"],
      liability: ["0.00", "39.50"],
      revenue: ["0.00", "70.51"],
      expense: ["0.00", "0.00"],
      equity: ["0.00", "0.00"],
    });
    const early = await trialBalance(ctx.db, { operatorId: books.operatorId, asOf: T(2) });
    expect(early.balanced).toBe(true);
    expect(early.totalDebitsCny.toFixed(2)).toBe("100.00");
  });

  it("searches the journal by cause, kind, account, date and amount, newest first, paged", async () => {
    const search = (extra: Omit<Parameters<typeof searchJournal>[1], "operatorId">) =>
      searchJournal(ctx.db, { operatorId: books.operatorId, ...extra }).then((r) => r.entries.map((e) => e.idempotencyKey));
    expect(await search({ kind: "top_up" })).toEqual(["e4", "e1"]);
    expect(await search({ causeType: "repayment", causeId: "e3" })).toEqual(["e3"]);
    // e5 and e6 share a timestamp; entries of one instant are ordered by id, not by arrival.
    const onWallet1 = await search({ accountId: books.wallets[1]! });
    expect(onWallet1.slice(0, 2).sort()).toEqual(["e5", "e6"]);
    expect(onWallet1[2]).toBe("e3");
    expect(onWallet1).toHaveLength(3);
    expect(await search({ from: T(2), to: T(4) })).toEqual(["e4", "e3", "e2"]);
    expect(await search({ minAmountCny: "10.01", maxAmountCny: "70.01" })).toEqual(["e7", "e4", "e3"]);
    const first = await searchJournal(ctx.db, { operatorId: books.operatorId, pageSize: 4 });
    const second = await searchJournal(ctx.db, { operatorId: books.operatorId, pageSize: 4, cursor: first.nextCursor });
    const keys = [...first.entries, ...second.entries].map((e) => e.idempotencyKey);
    expect([keys[0], ...keys.slice(3)]).toEqual(["e7", "e4", "e3", "e2", "e1"]);
    expect(keys.slice(1, 3).sort()).toEqual(["e5", "e6"]);
    expect(second.nextCursor).toBeNull();
    expect(first.entries[0]!.postings).toHaveLength(2);
  });

  it("finds accounts by code prefix, owner and type, paged by code", async () => {
    const wallets = await findAccounts(ctx.db, { operatorId: books.operatorId, codePrefix: "wallet:available:" });
    expect(wallets.accounts).toHaveLength(2);
    const mine = await findAccounts(ctx.db, { operatorId: books.operatorId, ownerUserId: books.users[0]! });
    expect(mine.accounts.map((a) => a.id)).toEqual([books.wallets[0]]);
    const assets = await findAccounts(ctx.db, { operatorId: books.operatorId, type: "asset", pageSize: 1 });
    const more = await findAccounts(ctx.db, { operatorId: books.operatorId, type: "asset", pageSize: 1, cursor: assets.nextCursor });
    expect([...assets.accounts, ...more.accounts].map((a) => a.code)).toEqual(["clearing:card", "custody:bank"]);
    expect(more.nextCursor).toBeNull();
  });
});
