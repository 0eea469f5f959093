import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { DomainError } from "../shared/errors";
import { chart } from "./chart";
import { checkLedger } from "./check-ledger";
import { getBalance } from "./get-balance";
import { readAccountsForPosting } from "./lock-accounts";
import { Cny } from "./money";
import { postEntries } from "./post-entries";
import { createBooks, createOperator, SYSTEM, topUp, type Books } from "./test-fixtures";
import type { PostEntryInput } from "./validate-entry";

/**
 * postEntries(…, { lock: false, known }): accounts the caller read in its transaction are not
 * read again. What the caller passes is only the pre-check's input; the database still refuses
 * a wallet below zero and an account of another operator, whatever the caller claims.
 */
describeEachDatabase(
  "postEntries with accounts the caller read (known)",
  (ctx) => {
    let books: Books;
    const posted = async (accountId: string) => (await getBalance(ctx.db, { operatorId: books.operatorId, accountId })).postedCny.toFixed(2);
    const debit = (key: string, wallet: string, amount: string): PostEntryInput => ({
      operatorId: books.operatorId,
      idempotencyKey: key,
      kind: "fee",
      cause: { type: "adjustment" },
      postedBy: SYSTEM,
      postings: [
        { accountId: wallet, amountCny: amount },
        { accountId: books.fee, amountCny: `-${amount}` },
      ],
    });
    const known = async (codes: string[]) => new Map([...(await readAccountsForPosting(ctx.db, books.operatorId, codes)).values()].map((a) => [a.id, a]));

    beforeAll(async () => {
      books = await createBooks(ctx.db, 3);
    });

    it("posts with the accounts as read, reading none again, and refuses a shortfall they show before writing", async () => {
      const wallet = books.wallets[0]!;
      await topUp(ctx.db, books, wallet, "100.00");
      const accounts = await known([chart.walletAvailable(books.users[0]!).code, chart.revenueServiceFee().code]);
      expect(accounts.size).toBe(2);
      await ctx.db.transaction((tx) => postEntries(tx, [debit("known-1", wallet, "40.00")], { lock: false, known: accounts }));
      expect(await posted(wallet)).toBe("60.00");
      const refused = await postEntries(ctx.db, [debit("known-2", wallet, "70.00")], { lock: false, known: await known([chart.walletAvailable(books.users[0]!).code]) }).catch((e: unknown) => e);
      expect((refused as DomainError).code).toBe("ledger.insufficient_funds");
      expect((refused as DomainError).details).toMatchObject({ availableCny: "60.00", requiredCny: "70.00" });
    });

    it("a stale or false balance passed as known does not take a wallet below zero: the database's CHECK refuses the write", async () => {
      const wallet = books.wallets[1]!;
      await topUp(ctx.db, books, wallet, "10.00");
      const accounts = await known([chart.walletAvailable(books.users[1]!).code]);
      // The caller claims ¥1,000 where ¥10 is.
      const account = accounts.get(wallet)!;
      accounts.set(wallet, { ...account, postedCny: new Cny("1000.00") });
      const refused = await ctx.db.transaction((tx) => postEntries(tx, [debit("known-false", wallet, "500.00")], { lock: false, known: accounts })).catch((e: unknown) => e);
      expect((refused as DomainError).code).toBe("ledger.insufficient_funds");
      expect(await posted(wallet)).toBe("10.00");
      expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
    });

    it("another operator's account passed as known is not found, and only the unlocked path takes known accounts", async () => {
      const wallet = books.wallets[2]!;
      const accounts = await known([chart.walletAvailable(books.users[2]!).code]);
      const other = await createOperator(ctx.db);
      accounts.set(wallet, { ...accounts.get(wallet)!, operatorId: other });
      const refused = await postEntries(ctx.db, [debit("known-other", wallet, "1.00")], { lock: false, known: accounts }).catch((e: unknown) => e);
      expect((refused as DomainError).code).toBe("ledger.account_not_found");
      await expect(postEntries(ctx.db, [debit("known-locked", wallet, "1.00")], { known: accounts })).rejects.toThrow(/unlocked batch path/);
    });

    it("an account of another operator passed as this operator's is refused by the postings trigger, nothing written", async () => {
      const other = await createBooks(ctx.db, 1);
      await topUp(ctx.db, other, other.wallets[0]!, "50.00");
      const foreign = await readAccountsForPosting(ctx.db, other.operatorId, [chart.walletAvailable(other.users[0]!).code]);
      const account = [...foreign.values()][0]!;
      const accounts = new Map([[account.id, { ...account, operatorId: books.operatorId }]]);
      const refused = await ctx.db.transaction((tx) => postEntries(tx, [debit("known-foreign", account.id, "5.00")], { lock: false, known: accounts })).catch((e: unknown) => e);
      // drizzle wraps the database's error; the trigger's message is its cause.
      expect(String((refused as { cause?: Error }).cause?.message)).toMatch(/another operator/);
      expect((await getBalance(ctx.db, { operatorId: other.operatorId, accountId: account.id })).postedCny.toFixed(2)).toBe("50.00");
    });
  },
);
