import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import { checkLedger } from "./check-ledger";
import { queryRows } from "./db-helpers";
import { getBalance } from "./get-balance";
import { getStatement } from "./get-statement";
import { makeBalanceSnapshots } from "./make-balance-snapshots";
import { postEntries } from "./post-entries";
import { postEntry } from "./post-entry";
import { createBooks, SYSTEM, type Books } from "./test-fixtures";
import { trialBalance } from "./trial-balance";

/** An instant on a Beijing day of January 2026. */
const at = (day: number, hour: number, minute = 0) =>
  new Date(startOfBeijingDay(`2026-01-${String(day).padStart(2, "0")}`).getTime() + (hour * 60 + minute) * 60_000);

describeEachDatabase("balance snapshots", (ctx) => {
  let books: Books;
  let n = 0;
  const post = (when: Date, from: string, to: string, amountCny: string) =>
    postEntry(ctx.db, {
      operatorId: books.operatorId,
      idempotencyKey: `snap-${++n}`,
      kind: "transfer",
      cause: { type: "adjustment" },
      postedBy: SYSTEM,
      postings: [
        { accountId: from, amountCny },
        { accountId: to, amountCny: `-${amountCny}` },
      ],
      now: when,
    });
  /** The signed sum straight from the postings, as the readers did before snapshots. */
  const naive = async (accountId: string, condition: ReturnType<typeof sql>) => {
    const [row] = await queryRows<{ total: string }>(
      ctx.db,
      sql`select coalesce(sum(amount), 0)::text as total from ledger_postings where account_id = ${accountId}::uuid and ${condition}`,
    );
    return row!.total;
  };
  /** Class totals of a day straight from the postings (no snapshot, no class row), and as the class rows hold them. */
  const classesOf = async (day: string) => {
    const fromPostings = await queryRows<{ class: string; debit: string; credit: string; accounts: number }>(
      ctx.db,
      sql`select ledger_account_class(a.code) as class, sum(greatest(b.total, 0))::numeric(20, 2)::text as debit, sum(greatest(-b.total, 0))::numeric(20, 2)::text as credit,
                 count(*) filter (where b.total <> 0)::int as accounts
            from (select account_id, sum(amount) as total from ledger_postings
                   where operator_id = ${books.operatorId}::uuid and created_at < ledger_day_start(${day}::date + 1) group by 1) b
            join ledger_accounts a on a.id = b.account_id
           group by 1 having count(*) filter (where b.total <> 0) > 0 order by 1`,
    );
    const stored = await queryRows<{ class: string; debit: string; credit: string; accounts: number }>(
      ctx.db,
      sql`select class, debit::text as debit, credit::text as credit, accounts from ledger_class_balances
           where operator_id = ${books.operatorId}::uuid and day = ${day}::date and accounts > 0 order by 1`,
    );
    return { fromPostings, stored };
  };
  const horizon = async () =>
    (
      await queryRows<{ sealed: string | null; through: string | null }>(
        ctx.db,
        sql`select sealed_through::text as sealed, snapshots_through::text as through from ledger_snapshot_horizons where operator_id = ${books.operatorId}::uuid`,
      )
    )[0];

  beforeAll(async () => {
    books = await createBooks(ctx.db, 2);
    const [w0, w1] = books.wallets as [string, string];
    // Ten days of history; 2026-01-04 has no posting for w1.
    for (let day = 1; day <= 10; day++) {
      await post(at(day, 9), books.clearingCard, w0, `${day}.00`);
      if (day !== 4) await post(at(day, 23, 59), w0, w1, "0.50");
      if (day % 3 === 0) await post(at(day, 12), w1, books.fee, "0.25");
    }
  });

  it("builds every sealed day once, rows only for the accounts that moved, and ledger:check agrees", async () => {
    const made = await makeBalanceSnapshots(ctx.db, { operatorId: books.operatorId, now: at(12, 1) });
    expect(made).toMatchObject({ fromDay: "2026-01-01", throughDay: "2026-01-11", sealTimedOut: false });
    expect(await horizon()).toEqual({ sealed: "2026-01-11", through: "2026-01-11" });
    // w1 did not move on the 4th: no row that day; as of that day it reads the 3rd's row.
    const rowsOf = async (day: string) =>
      queryRows<{ balance: string; postings: string | number }>(
        ctx.db,
        sql`select balance::text as balance, postings from ledger_balance_snapshots where account_id = ${books.wallets[1]!}::uuid and day = ${day}::date`,
      );
    expect(await rowsOf("2026-01-04")).toEqual([]);
    const [third] = await rowsOf("2026-01-03");
    expect(third!.balance).toBe("-1.25");
    expect(Number(third!.postings)).toBe(4);
    const asOfFourth = await getBalance(ctx.db, { operatorId: books.operatorId, accountId: books.wallets[1]!, asOf: endOfBeijingDay("2026-01-04") });
    expect(asOfFourth.postedCny.negated().toFixed(2)).toBe("-1.25");
    const [rowCount] = await queryRows<{ n: number }>(
      ctx.db,
      sql`select count(*)::int as n from ledger_balance_snapshots where operator_id = ${books.operatorId}::uuid`,
    );
    const [moved] = await queryRows<{ n: number }>(
      ctx.db,
      sql`select count(distinct (account_id, ledger_day_of(created_at)))::int as n from ledger_postings where operator_id = ${books.operatorId}::uuid`,
    );
    expect(rowCount!.n).toBe(moved!.n);
    // Class rows on every day, also the 4th (w1 still, the class moved through w0).
    for (let day = 1; day <= 11; day++) {
      const { fromPostings, stored } = await classesOf(`2026-01-${String(day).padStart(2, "0")}`);
      expect(stored).toEqual(fromPostings);
      expect(stored.map((c) => c.class)).toEqual(["clearing:card", ...(day >= 3 ? ["revenue:service-fee"] : []), "wallet:available"]);
    }
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).violations).toEqual([]);

    const again = await makeBalanceSnapshots(ctx.db, { operatorId: books.operatorId, now: at(12, 2) });
    expect(again).toEqual({ fromDay: null, throughDay: null, rows: 0, sealTimedOut: false });
  });

  it("never seals a day that has not ended", async () => {
    const other = await createBooks(ctx.db, 1);
    await postEntry(ctx.db, {
      operatorId: other.operatorId, idempotencyKey: "today", kind: "transfer", cause: { type: "adjustment" }, postedBy: SYSTEM,
      postings: [{ accountId: other.clearingCard, amountCny: "1.00" }, { accountId: other.wallets[0]!, amountCny: "-1.00" }],
      now: at(5, 10),
    });
    const made = await makeBalanceSnapshots(ctx.db, { operatorId: other.operatorId, throughDay: "2026-01-20", now: at(5, 23) });
    expect(made.throughDay).toBeNull();
    const [row] = await queryRows<{ through: string | null }>(
      ctx.db,
      sql`select snapshots_through::text as through from ledger_snapshot_horizons where operator_id = ${other.operatorId}::uuid`,
    );
    expect(row!.through).toBe("2026-01-04");
  });

  it("answers balances, trial balances and statements exactly as summing every posting does", async () => {
    const [w0, w1] = books.wallets as [string, string];
    for (const asOf of [at(1, 8), at(3, 12), endOfBeijingDay("2026-01-04"), at(7, 23, 59), endOfBeijingDay("2026-01-10"), at(11, 0)]) {
      for (const accountId of [w0, w1, books.clearingCard, books.fee]) {
        const balance = await getBalance(ctx.db, { operatorId: books.operatorId, accountId, asOf });
        const sign = accountId === books.clearingCard ? 1 : -1;
        expect(balance.postedCny.times(sign).toFixed(2)).toBe(
          Number(await naive(accountId, sql`created_at <= ${asOf.toISOString()}::timestamptz`)).toFixed(2),
        );
      }
      const tb = await trialBalance(ctx.db, { operatorId: books.operatorId, asOf });
      const clearing = tb.classes.find((c) => c.accountClass === "clearing:card");
      expect((clearing?.debitCny.toFixed(2)) ?? "0.00").toBe(Number(await naive(books.clearingCard, sql`created_at <= ${asOf.toISOString()}::timestamptz`)).toFixed(2));
      expect(tb.balanced).toBe(true);
    }
    // A statement from day 6 on opens at the balance before it, and pages on with the right running balance.
    const page1 = await getStatement(ctx.db, { operatorId: books.operatorId, accountId: w0, from: startOfBeijingDay("2026-01-06"), pageSize: 3 });
    expect(page1.openingBalanceCny.toFixed(2)).toBe((-Number(await naive(w0, sql`created_at < ${startOfBeijingDay("2026-01-06").toISOString()}::timestamptz`))).toFixed(2));
    const page2 = await getStatement(ctx.db, { operatorId: books.operatorId, accountId: w0, from: startOfBeijingDay("2026-01-06"), pageSize: 3, cursor: page1.nextCursor });
    expect(page2.openingBalanceCny.toFixed(2)).toBe(page1.closingBalanceCny.toFixed(2));
  });

  it("reopens a sealed day when a posting is booked into it, reads stay exact, the next run rebuilds", async () => {
    const [w0] = books.wallets as [string, string];
    await post(at(3, 15), books.clearingCard, w0, "100.00");
    expect(await horizon()).toEqual({ sealed: "2026-01-02", through: "2026-01-02" });
    const asOf = endOfBeijingDay("2026-01-08");
    const balance = await getBalance(ctx.db, { operatorId: books.operatorId, accountId: w0, asOf });
    expect(balance.postedCny.negated().toFixed(2)).toBe(Number(await naive(w0, sql`created_at <= ${asOf.toISOString()}::timestamptz`)).toFixed(2));

    const made = await makeBalanceSnapshots(ctx.db, { operatorId: books.operatorId, now: at(12, 3) });
    expect(made).toMatchObject({ fromDay: "2026-01-03", throughDay: "2026-01-11" });
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).violations).toEqual([]);
    for (const day of ["2026-01-02", "2026-01-03", "2026-01-08"]) {
      const { fromPostings, stored } = await classesOf(day);
      expect(stored).toEqual(fromPostings);
    }
    const rebuilt = await getBalance(ctx.db, { operatorId: books.operatorId, accountId: w0, asOf });
    expect(rebuilt.postedCny.toFixed(2)).toBe(balance.postedCny.toFixed(2));
  });

  it("a batch of more than 64 postings booked into a sealed day reopens it the same way (the trigger's batch form)", async () => {
    const [w0, w1] = books.wallets as [string, string];
    expect(await horizon()).toEqual({ sealed: "2026-01-11", through: "2026-01-11" });
    const entries = Array.from({ length: 33 }, (_, i) => ({
      operatorId: books.operatorId,
      idempotencyKey: `backdated-batch-${i}`,
      kind: "top_up",
      cause: { type: "top_up" as const },
      postedBy: SYSTEM,
      postings: [
        { accountId: books.clearingCard, amountCny: "1.00" },
        { accountId: i % 2 === 0 ? w0 : w1, amountCny: "-1.00" },
      ],
      now: at(6, 9),
    }));
    await ctx.db.transaction((tx) => postEntries(tx, entries));
    expect(await horizon()).toEqual({ sealed: "2026-01-05", through: "2026-01-05" });
    const made = await makeBalanceSnapshots(ctx.db, { operatorId: books.operatorId, now: at(12, 3) });
    expect(made).toMatchObject({ fromDay: "2026-01-06", throughDay: "2026-01-11" });
    expect((await checkLedger(ctx.db, { operatorId: books.operatorId })).violations).toEqual([]);
    const { fromPostings, stored } = await classesOf("2026-01-06");
    expect(stored).toEqual(fromPostings);
  });

  it("ledger:check finds a wrong and a missing snapshot row", async () => {
    const [w0, w1] = books.wallets as [string, string];
    const violations = async (tamper: ReturnType<typeof sql>) => {
      let found: string[] = [];
      await ctx.db
        .transaction(async (tx) => {
          await tx.execute(tamper);
          found = (await checkLedger(tx, { operatorId: books.operatorId })).violations.filter((v) => v.check === "snapshot.balance").map((v) => v.message);
          throw new Error("rollback");
        })
        .catch((error: unknown) => {
          if ((error as Error).message !== "rollback") throw error;
        });
      return found;
    };
    expect(await violations(sql`update ledger_balance_snapshots set balance = balance + 1 where account_id = ${w0}::uuid and day = '2026-01-05'`)).toEqual([
      expect.stringContaining("snapshot says"),
    ]);
    expect(await violations(sql`delete from ledger_balance_snapshots where account_id = ${w0}::uuid and day = '2026-01-05'`)).toEqual([
      "the account moved that day but has no snapshot row",
    ]);
    expect(await violations(sql`update ledger_balance_snapshots set postings = postings + 1 where account_id = ${w1}::uuid and day = '2026-01-03'`)).toEqual([
      expect.stringContaining("snapshot says"),
    ]);
  });

  it("ledger:check finds a wrong, a missing and a left-out class row", async () => {
    const violations = async (tamper: ReturnType<typeof sql>) => {
      let found: string[] = [];
      await ctx.db
        .transaction(async (tx) => {
          await tx.execute(tamper);
          found = (await checkLedger(tx, { operatorId: books.operatorId })).violations.filter((v) => v.check === "snapshot.class").map((v) => v.message);
          throw new Error("rollback");
        })
        .catch((error: unknown) => {
          if ((error as Error).message !== "rollback") throw error;
        });
      return found;
    };
    const row = (day: string) => sql`operator_id = ${books.operatorId}::uuid and class = 'wallet:available' and day = ${day}::date`;
    expect(await violations(sql`update ledger_class_balances set credit = credit + 1 where ${row("2026-01-05")}`)).toEqual([
      expect.stringContaining("class row says"),
    ]);
    expect(await violations(sql`update ledger_class_balances set accounts = accounts + 1 where ${row("2026-01-06")}`)).toEqual([
      expect.stringContaining("class row says"),
    ]);
    expect(await violations(sql`delete from ledger_class_balances where ${row("2026-01-05")}`)).toEqual([
      "the class moved that day but has no class row",
      expect.stringContaining("one per day expected"),
    ]);
  });
});
