import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { DomainError } from "../shared/errors";
import { checkLedger } from "./check-ledger";
import { getBalance } from "./get-balance";
import { postingsHash } from "./hashing";
import { Cny, sumCny, ZERO_CNY } from "./money";
import { placeHold } from "./place-hold";
import { postEntries } from "./post-entries";
import { postEntry } from "./post-entry";
import { postHold } from "./post-hold";
import { createBooks, SYSTEM, topUp, type Books } from "./test-fixtures";
import type { PostEntryInput } from "./validate-entry";

const DEBITS = 50;
const WORKERS = 32;
const ENTRIES_PER_WORKER = 12;

/** Shuffles in place (test data only). */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describeEachDatabase(
  "concurrent postings",
  (ctx) => {
    let books: Books;
    const posted = async (accountId: string) => (await getBalance(ctx.db, { operatorId: books.operatorId, accountId })).postedCny;

    beforeAll(async () => {
      books = await createBooks(ctx.db, 7);
    });

    // On PGlite (one connection) the calls queue; on PostgreSQL they really race, each
    // on its own connection, and only the wallet's row lock orders them.
    it(`lets exactly the affordable ${DEBITS} concurrent debits of one wallet through`, async () => {
      const wallet = books.wallets[0]!;
      await topUp(ctx.db, books, wallet, "1000.00");
      const outcomes = await Promise.allSettled(
        Array.from({ length: DEBITS }, (_, i) =>
          postEntry(ctx.db, {
            operatorId: books.operatorId,
            idempotencyKey: `debit-${i}`,
            kind: "fee",
            cause: { type: "adjustment" },
            postedBy: SYSTEM,
            postings: [
              { accountId: wallet, amountCny: "30.00" },
              { accountId: books.fee, amountCny: "-30.00" },
            ],
          }),
        ),
      );
      const refused = outcomes.filter((o) => o.status === "rejected");
      for (const outcome of refused) expect((outcome.reason as DomainError).code).toBe("ledger.insufficient_funds");
      // floor(1000.00 / 30.00) = 33 succeed, 17 are refused, 10.00 remains.
      expect(outcomes.length - refused.length).toBe(33);
      expect((await posted(wallet)).toFixed(2)).toBe("10.00");
      expect((await posted(books.fee)).toFixed(2)).toBe("990.00");
      expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
    });

    // The unlocked batch path (postEntries with lock: false): the pre-check reads committed
    // balances without a lock, so on PostgreSQL several batches may all pass it; the CHECK on
    // the stored balance, moved by the postings trigger under the row lock, stops the excess.
    it(`lets exactly the affordable ${DEBITS} concurrent unlocked batch debits of one wallet through`, async () => {
      const wallet = books.wallets[6]!;
      await topUp(ctx.db, books, wallet, "1000.00");
      const outcomes = await Promise.allSettled(
        Array.from({ length: DEBITS }, (_, i) =>
          postEntries(
            ctx.db,
            [
              {
                operatorId: books.operatorId,
                idempotencyKey: `unlocked-debit-${i}`,
                kind: "fee",
                cause: { type: "adjustment" },
                postedBy: SYSTEM,
                postings: [
                  { accountId: wallet, amountCny: "30.00" },
                  { accountId: books.fee, amountCny: "-30.00" },
                ],
              },
            ],
            { lock: false },
          ),
        ),
      );
      const refused = outcomes.filter((o) => o.status === "rejected");
      for (const outcome of refused) expect((outcome.reason as DomainError).code).toBe("ledger.insufficient_funds");
      expect(outcomes.length - refused.length).toBe(33);
      expect((await posted(wallet)).toFixed(2)).toBe("10.00");
      expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
    });

    if (ctx.kind === "postgres") {
      it(`finishes ${WORKERS} workers posting across overlapping accounts in random order without a deadlock`, async () => {
        const wallets = books.wallets.slice(1);
        for (const wallet of wallets) await topUp(ctx.db, books, wallet, "100000.00");
        const before = new Map<string, string>();
        for (const id of [...wallets, books.fee, books.clearingCard]) before.set(id, (await posted(id)).toFixed(2));
        // Expected net signed movement per account, summed from what each worker posts.
        const expected = new Map<string, ReturnType<typeof sumCny>>();
        const note = (accountId: string, signed: ReturnType<typeof sumCny>) =>
          expected.set(accountId, (expected.get(accountId) ?? ZERO_CNY).plus(signed));

        const entry = (worker: number, n: number): PostEntryInput => {
          // Three to five accounts, including hot ones, posted in a random order.
          const accounts = shuffle([...wallets, books.fee, books.clearingCard]).slice(0, 3 + ((worker + n) % 3));
          const amounts = accounts.slice(1).map((_, i) => new Cny(((worker * 7 + n * 13 + i * 5) % 900) + 1).div(100));
          const lines = [
            { accountId: accounts[0]!, amountCny: sumCny(amounts).negated() },
            ...amounts.map((amountCny, i) => ({ accountId: accounts[i + 1]!, amountCny })),
          ];
          for (const line of lines) note(line.accountId, line.amountCny);
          return {
            operatorId: books.operatorId,
            idempotencyKey: `w${worker}-${n}`,
            kind: "transfer",
            cause: { type: "adjustment" },
            postedBy: SYSTEM,
            postings: shuffle(lines.map((l) => ({ accountId: l.accountId, amountCny: l.amountCny.toFixed(2) }))),
          };
        };

        const started = Date.now();
        const outcomes = await Promise.allSettled(
          Array.from({ length: WORKERS }, async (_, worker) => {
            for (let n = 0; n < ENTRIES_PER_WORKER; n += 3) {
              // Mix the single, batched and two-phase paths: they share one lock order.
              await postEntry(ctx.db, entry(worker, n));
              await postEntries(ctx.db, [entry(worker, n + 1), entry(worker, n + 2)]);
              const [from, to] = shuffle([...wallets]) as [string, string];
              const { hold } = await placeHold(ctx.db, {
                operatorId: books.operatorId,
                idempotencyKey: `hold-w${worker}-${n}`,
                debitAccountId: from,
                creditAccountId: to,
                amountCny: "1.00",
                kind: "invest",
                cause: { type: "investment" },
                placedBy: SYSTEM,
              });
              await postHold(ctx.db, { operatorId: books.operatorId, holdId: hold.id, postedBy: SYSTEM });
              note(from, new Cny("1.00"));
              note(to, new Cny("-1.00"));
            }
          }),
        );
        const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => String(o.reason));
        expect(failures).toEqual([]);
        expect(Date.now() - started).toBeLessThan(30_000);
        for (const [accountId, signed] of expected) {
          const normal = accountId === books.clearingCard ? signed : signed.negated();
          expect([accountId, (await posted(accountId)).toFixed(2)]).toEqual([
            accountId,
            new Cny(before.get(accountId)!).plus(normal).toFixed(2),
          ]);
        }
        expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
      });

      it("reserves exactly the affordable holds when they race", async () => {
        const wallet = books.wallets[1]!;
        const available = (await getBalance(ctx.db, { operatorId: books.operatorId, accountId: wallet })).availableCny;
        const each = available.div(10).toDecimalPlaces(2, Cny.ROUND_DOWN).plus("0.01");
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            placeHold(ctx.db, {
              operatorId: books.operatorId,
              idempotencyKey: `race-hold-${i}`,
              debitAccountId: wallet,
              creditAccountId: books.custodyBank,
              amountCny: each.toFixed(2),
              kind: "withdrawal",
              cause: { type: "withdrawal" },
              placedBy: SYSTEM,
            }),
          ),
        );
        // Ten holds of a little over a tenth never fit; nine always do.
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(9);
        const after = await getBalance(ctx.db, { operatorId: books.operatorId, accountId: wallet });
        expect(after.pendingOutCny.toFixed(2)).toBe(each.times(9).toFixed(2));
        expect(after.availableCny.isNegative()).toBe(false);
      });

      it("holds the no-negative rule in the database when raw transactions race without locks", async () => {
        const wallet = books.wallets[0]!; // 10.00 left from the first test
        const spend = async () =>
          ctx.db.transaction(async (tx) => {
            const id = randomUUID();
            const lines = [
              { accountId: wallet, amountCny: new Cny("6.00") },
              { accountId: books.fee, amountCny: new Cny("-6.00") },
            ];
            await tx.execute(sql`
              insert into ledger_entries (id, operator_id, idempotency_key, request_hash, postings_hash, currency, amount, kind, cause_type, posted_by_system, created_at)
              values (${id}::uuid, ${books.operatorId}::uuid, ${`raw-${id}`}, decode(repeat('00', 32), 'hex'), decode(${postingsHash(
              lines,
            )}, 'hex'),
                      'CNY', 6.00, 'raw', 'adjustment', 'test', '2026-01-01T00:00:00Z')`);
            await tx.execute(sql`
              insert into ledger_postings (entry_id, operator_id, account_id, currency, amount, created_at) values
                (${id}::uuid, ${books.operatorId}::uuid, ${wallet}::uuid, 'CNY', 6.00, '2026-01-01T00:00:00Z'),
                (${id}::uuid, ${books.operatorId}::uuid, ${books.fee}::uuid, 'CNY', -6.00, '2026-01-01T00:00:00Z')`);
            // Hold the transaction open so the other one has to decide against it.
            await new Promise((resolve) => setTimeout(resolve, 200));
          });
        const outcomes = await Promise.allSettled([spend(), spend()]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
        const reason = (outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason as Error;
        expect(`${reason.message} ${String((reason.cause as Error | undefined)?.message)}`).toMatch(/ledger_accounts_no_negative/);
        expect((await posted(wallet)).toFixed(2)).toBe("4.00");
        expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).ok).toBe(true);
      });
    }
  },
  { maxConnections: 50 },
);
