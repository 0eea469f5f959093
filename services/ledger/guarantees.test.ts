import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { DbOrTx } from "../../db/client";
import { describeEachDatabase } from "../../db/testing";
import { isCheckViolation } from "../shared/db-errors";
import { checkLedger } from "./check-ledger";
import { getBalance } from "./get-balance";
import { postingsHash } from "./hashing";
import { Cny } from "./money";
import { placeHold } from "./place-hold";
import { postHold } from "./post-hold";
import { createBooks, SYSTEM, topUp, type Books } from "./test-fixtures";

/** Drizzle wraps driver errors ("Failed query: ..."); the database's message is in the cause chain. */
async function expectDbError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected the database to refuse").not.toBeNull();
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
  expect(messages.join(" <- ")).toMatch(pattern);
}

/**
 * What the database itself refuses, whatever the application does: these go around
 * the services with raw SQL.
 */
describeEachDatabase("database guarantees", (ctx) => {
  let books: Books;
  let postingId = "";
  let entryId = "";

  // A raw entry row whose hash and amount describe `lines` (account, signed amount).
  const insertEntry = async (tx: DbOrTx, lines: Array<[string, string]>, options: { amount?: string; hash?: string; operatorId?: string } = {}) => {
    const id = randomUUID();
    const hash = options.hash ?? postingsHash(lines.map(([accountId, amount]) => ({ accountId, amountCny: new Cny(amount) })));
    const debits = lines
      .map(([, a]) => new Cny(a))
      .filter((a) => a.isPositive())
      .reduce((s, a) => s.plus(a), new Cny(0));
    await tx.execute(sql`
      insert into ledger_entries (id, operator_id, idempotency_key, request_hash, postings_hash, currency, amount, kind, cause_type, posted_by_system, created_at)
      values (${id}::uuid, ${options.operatorId ?? books.operatorId}::uuid, ${`raw-${id}`}, decode(repeat('00', 32), 'hex'), decode(${hash}, 'hex'), 'CNY',
              ${options.amount ?? debits.toFixed(2)}::numeric, 'raw', 'adjustment', 'test', '2026-01-01T00:00:00Z')`);
    return id;
  };
  const insertPostings = async (tx: DbOrTx, entry: string, lines: Array<[string, string]>) => {
    for (const [accountId, amount] of lines) {
      await tx.execute(sql`
        insert into ledger_postings (entry_id, operator_id, account_id, currency, amount, created_at)
        values (${entry}::uuid, ${books.operatorId}::uuid, ${accountId}::uuid, 'CNY', ${amount}::numeric, '2026-01-01T00:00:00Z')`);
    }
  };
  // Postings of one or more entries as ONE insert statement: rows of (entry, account, signed amount).
  const insertRows = async (tx: DbOrTx, rows: Array<[string, string, string]>, operatorId = books.operatorId) => {
    const values = sql.join(
      rows.map(
        ([entry, accountId, amount]) =>
          sql`(${entry}::uuid, ${operatorId}::uuid, ${accountId}::uuid, 'CNY', ${amount}::numeric, '2026-01-01T00:00:00Z'::timestamptz)`,
      ),
      sql`, `,
    );
    await tx.execute(sql`insert into ledger_postings (entry_id, operator_id, account_id, currency, amount, created_at) values ${values}`);
  };
  const insertTogether = (tx: DbOrTx, entry: string, lines: Array<[string, string]>) =>
    insertRows(
      tx,
      lines.map(([accountId, amount]) => [entry, accountId, amount]),
    );
  const walletPosted = async () =>
    (await getBalance(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[0]! })).postedCny.toFixed(2);

  beforeAll(async () => {
    books = await createBooks(ctx.db, 1);
    const { entry } = await topUp(ctx.db, books, books.wallets[0]!, "100.00");
    entryId = entry.id;
    const rows = await ctx.db.execute(
      sql`select id::text as id from ledger_postings where entry_id = ${entryId}::uuid order by id limit 1`,
    );
    postingId = ((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { id: string }).id;
  });

  it("refuses UPDATE, DELETE and TRUNCATE of postings", async () => {
    await expectDbError(ctx.db.execute(sql`update ledger_postings set amount = amount + 1 where id = ${postingId}::bigint`), /append-only/);
    await expectDbError(ctx.db.execute(sql`update ledger_postings set created_at = now() where id = ${postingId}::bigint`), /append-only/);
    await expectDbError(ctx.db.execute(sql`delete from ledger_postings where id = ${postingId}::bigint`), /append-only/);
    await expectDbError(ctx.db.execute(sql`truncate ledger_postings cascade`), /append-only/);
    expect(await walletPosted()).toBe("100.00");
  });

  it("refuses UPDATE and DELETE of journal entries", async () => {
    await expectDbError(ctx.db.execute(sql`update ledger_entries set memo = 'changed' where id = ${entryId}::uuid`), /append-only/);
    await expectDbError(ctx.db.execute(sql`delete from ledger_entries where id = ${entryId}::uuid`), /append-only/);
  });

  it("refuses to commit an unbalanced entry, however it is written", async () => {
    const [wallet, clearing] = [books.wallets[0]!, books.clearingCard];
    // Postings summing to 0.01, one statement.
    await expectDbError(
      ctx.db.transaction(async (tx) => {
        const id = await insertEntry(tx, [
          [clearing, "10.01"],
          [wallet, "-10.00"],
        ]);
        await insertTogether(tx, id, [
          [clearing, "10.01"],
          [wallet, "-10.00"],
        ]);
      }),
      /unbalanced/,
    );
    // A single posting.
    await expectDbError(
      ctx.db.transaction(async (tx) => {
        const id = await insertEntry(tx, [[clearing, "5.00"]]);
        await insertTogether(tx, id, [[clearing, "5.00"]]);
      }),
      /at least two/,
    );
    // No postings at all.
    await expectDbError(
      ctx.db.transaction(
        async (tx) =>
          void (await insertEntry(tx, [
            [clearing, "5.00"],
            [wallet, "-5.00"],
          ])),
      ),
      /at least two/,
    );
    // Balanced, but not what the entry's hash says.
    await expectDbError(
      ctx.db.transaction(async (tx) => {
        const id = await insertEntry(tx, [
          [clearing, "5.00"],
          [wallet, "-5.00"],
        ]);
        await insertTogether(tx, id, [
          [clearing, "6.00"],
          [wallet, "-6.00"],
        ]);
      }),
      /debits sum|hash/,
    );
    expect(await walletPosted()).toBe("100.00");
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
  });

  it("accepts a balanced raw entry and keeps the wallet's stored balance in step", async () => {
    const [wallet, clearing] = [books.wallets[0]!, books.clearingCard];
    await ctx.db.transaction(async (tx) => {
      const id = await insertEntry(tx, [
        [clearing, "5.00"],
        [wallet, "-5.00"],
      ]);
      await insertTogether(tx, id, [
        [clearing, "5.00"],
        [wallet, "-5.00"],
      ]);
    });
    expect(await walletPosted()).toBe("105.00");
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
  });

  it("refuses postings added to an entry after its own statement, even balanced ones", async () => {
    const [wallet, clearing] = [books.wallets[0]!, books.clearingCard];
    await expectDbError(
      ctx.db.transaction((tx) =>
        insertTogether(tx, entryId, [
          [clearing, "1.00"],
          [wallet, "-1.00"],
        ]),
      ),
      /already has postings/,
    );
    await expectDbError(
      ctx.db.transaction(async (tx) => {
        const id = await insertEntry(tx, [
          [clearing, "5.00"],
          [wallet, "-5.00"],
        ]);
        await insertPostings(tx, id, [
          [clearing, "5.00"],
          [wallet, "-5.00"],
        ]);
      }),
      /already has postings/,
    );
  });

  it("refuses postings to unknown accounts, to another operator's or currency's accounts, and for unknown entries", async () => {
    const [wallet, clearing] = [books.wallets[0]!, books.clearingCard];
    const other = await createBooks(ctx.db, 1);
    // Another operator's wallet (an account that carries a balance) is refused like its clearing account.
    await expectDbError(
      ctx.db.transaction(async (tx) => {
        const id = await insertEntry(tx, [
          [clearing, "1.00"],
          [other.wallets[0]!, "-1.00"],
        ]);
        await insertTogether(tx, id, [
          [clearing, "1.00"],
          [other.wallets[0]!, "-1.00"],
        ]);
      }),
      /of another operator or currency/,
    );
    await expectDbError(
      ctx.db.transaction(async (tx) => {
        const id = await insertEntry(tx, [
          [clearing, "1.00"],
          [other.clearingCard, "-1.00"],
        ]);
        await insertTogether(tx, id, [
          [clearing, "1.00"],
          [other.clearingCard, "-1.00"],
        ]);
      }),
      /of another operator or currency/,
    );
    const ghost = randomUUID();
    await expectDbError(
      ctx.db.transaction(async (tx) => {
        const id = await insertEntry(tx, [
          [clearing, "1.00"],
          [ghost, "-1.00"],
        ]);
        await insertTogether(tx, id, [
          [clearing, "1.00"],
          [ghost, "-1.00"],
        ]);
      }),
      /is unknown, or of another operator/,
    );
    await expectDbError(
      ctx.db.transaction((tx) =>
        insertTogether(tx, randomUUID(), [
          [clearing, "1.00"],
          [wallet, "-1.00"],
        ]),
      ),
      /is unknown or already has postings/,
    );
    await expectDbError(
      ctx.db.execute(sql`
        insert into ledger_holds (operator_id, idempotency_key, request_hash, currency, debit_account_id, credit_account_id, amount, kind, cause_type, placed_by_system)
        values (${books.operatorId}::uuid, 'raw-hold', decode(repeat('00', 32), 'hex'), 'CNY', ${wallet}::uuid, ${other.clearingCard}::uuid, 1.00, 'raw', 'adjustment', 'test')`),
      /unknown account, or one of another operator/,
    );
    expect(await walletPosted()).toBe("105.00");
  });

  it("checks a statement of more than 64 postings (the batch form of the trigger) exactly as a small one", async () => {
    const own = await createBooks(ctx.db, 2);
    const other = await createBooks(ctx.db, 1);
    await topUp(ctx.db, own, own.wallets[1]!, "10.00");
    // 32 entries moving 1.00 from clearing to wallet 0, then `last`, in one INSERT: 66 postings,
    // above MAX_POSTINGS_PER_ENTRY.
    const writeBatch = (last: Array<[string, string]>) =>
      ctx.db.transaction(async (tx) => {
        const rows: Array<[string, string, string]> = [];
        for (let i = 0; i < 33; i++) {
          const lines: Array<[string, string]> = i === 32 ? last : [[own.clearingCard, "1.00"], [own.wallets[0]!, "-1.00"]];
          const id = await insertEntry(tx, lines, { operatorId: own.operatorId });
          for (const [accountId, amount] of lines) rows.push([id, accountId, amount]);
        }
        await insertRows(tx, rows, own.operatorId);
      });
    const posted = async (accountId: string) => (await getBalance(ctx.db, { operatorId: own.operatorId, accountId })).postedCny.toFixed(2);

    await expectDbError(writeBatch([[own.clearingCard, "1.00"], [other.wallets[0]!, "-1.00"]]), /of another operator or currency/);
    await expectDbError(writeBatch([[own.clearingCard, "1.00"], [other.clearingCard, "-1.00"]]), /of another operator or currency/);
    await expectDbError(writeBatch([[own.clearingCard, "1.00"], [randomUUID(), "-1.00"]]), /is unknown, or of another operator/);
    // Wallet 1 holds 10.00; the last entry takes 11.00 from it.
    await expectDbError(writeBatch([[own.wallets[1]!, "11.00"], [own.clearingCard, "-11.00"]]), /ledger_accounts_no_negative/);
    expect(await posted(own.wallets[0]!)).toBe("0.00");
    expect(await posted(own.wallets[1]!)).toBe("10.00");

    await writeBatch([[own.clearingCard, "1.00"], [own.wallets[1]!, "-1.00"]]);
    expect(await posted(own.wallets[0]!)).toBe("32.00");
    expect(await posted(own.wallets[1]!)).toBe("11.00");
    expect((await checkLedger(ctx.db, { operatorId: own.operatorId })).ok).toBe(true);
  });

  it("refuses a posting that would take a no-negative wallet below zero, by CHECK", async () => {
    const [wallet, clearing] = [books.wallets[0]!, books.clearingCard];
    await expectDbError(
      ctx.db.transaction(async (tx) => {
        const id = await insertEntry(tx, [
          [wallet, "105.01"],
          [clearing, "-105.01"],
        ]);
        await insertTogether(tx, id, [
          [wallet, "105.01"],
          [clearing, "-105.01"],
        ]);
      }),
      /ledger_accounts_no_negative/,
    );
    expect(await walletPosted()).toBe("105.00");
  });

  it("refuses direct changes to stored balances and to an account's nature, and deletes", async () => {
    const wallet = books.wallets[0]!;
    await expectDbError(
      ctx.db.execute(sql`update ledger_accounts set posted_balance = 1000000 where id = ${wallet}::uuid`),
      /maintained from postings/,
    );
    await expectDbError(ctx.db.execute(sql`update ledger_accounts set balance_rule = 'none' where id = ${wallet}::uuid`), /immutable/);
    await expectDbError(ctx.db.execute(sql`delete from ledger_accounts where id = ${wallet}::uuid`), /append-only/);
    // A rule-carrying account starts at zero whatever the insert says.
    const rows = await ctx.db.execute(sql`
      insert into ledger_accounts (operator_id, code, type, balance_rule, posted_balance, pending_out)
      values (${books.operatorId}::uuid, 'wallet:available:forged', 'liability', 'no_negative', 5000, 0)
      returning posted_balance::text as posted`);
    expect(((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { posted: string }).posted).toBe("0.00");
  });

  it("sets an account's class from its code when it is opened, whatever the insert says, and never lets it change", async () => {
    const rows = await ctx.db.execute(sql`
      insert into ledger_accounts (operator_id, code, type, balance_rule, class)
      values (${books.operatorId}::uuid, ${`wallet:available:${randomUUID()}`}, 'liability', 'no_negative', 'claim')
      returning id::text as id, class`);
    const opened = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { id: string; class: string };
    expect(opened.class).toBe("wallet:available");
    await expectDbError(ctx.db.execute(sql`update ledger_accounts set class = 'claim' where id = ${opened.id}::uuid`), /immutable/);
  });

  it("refuses to open an account with a malformed code or currency, as the named check constraints did", async () => {
    const open = (code: string, currency: string) =>
      ctx.db.execute(sql`insert into ledger_accounts (operator_id, code, type, currency)
                         values (${books.operatorId}::uuid, ${code}, 'asset', ${currency})`);
    await expectDbError(open("Clearing:card", "CNY"), /ledger_accounts_code_format/);
    await expectDbError(open(`clearing:${"x".repeat(200)}`, "CNY"), /ledger_accounts_code_format/);
    await expectDbError(open("clearing:test-currency", "cny"), /ledger_accounts_currency_format/);
    const error = await open("clearing:bad code", "CNY").then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCheckViolation(error, "ledger_accounts_code_format")).toBe(true);
  });

  it("lets a hold change once, and only its resolution", async () => {
    const { hold } = await placeHold(ctx.db, {
      operatorId: books.operatorId,
      idempotencyKey: "g-hold",
      debitAccountId: books.wallets[0]!,
      creditAccountId: books.custodyBank,
      amountCny: "10.00",
      kind: "withdrawal",
      cause: { type: "withdrawal" },
      placedBy: SYSTEM,
    });
    await expectDbError(ctx.db.execute(sql`update ledger_holds set amount = 1 where id = ${hold.id}::uuid`), /post or void/);
    await expectDbError(
      ctx.db.execute(
        sql`update ledger_holds set amount = 1, status = 'voided', resolved_at = now(), resolved_by_system = 'x' where id = ${hold.id}::uuid`,
      ),
      /only change its resolution/,
    );
    await postHold(ctx.db, { operatorId: books.operatorId, holdId: hold.id, postedBy: SYSTEM });
    await expectDbError(
      ctx.db.execute(
        sql`update ledger_holds set status = 'voided', posted_entry_id = null, posted_amount = null where id = ${hold.id}::uuid`,
      ),
      /already posted/,
    );
    await expectDbError(ctx.db.execute(sql`delete from ledger_holds where id = ${hold.id}::uuid`), /append-only/);
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
  });
});
