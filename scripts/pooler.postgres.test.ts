import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client";
import { loans } from "../db/schema";
import { PGBOUNCER_BINARY, startPgbouncer, type Pgbouncer } from "../db/pgbouncer";
import { checkLedger } from "../services/ledger";
import { invest } from "../services/investing";
import { createInvestor, createMarket, listLoan } from "../services/investing/test-fixtures";
import { DUE_RUN_LOCK_CLASS, withDueRunLock } from "../services/repayment/due-run-lock";

// The portal behind pgbouncer in transaction pooling (docs/scale-out.md): 12 client connections
// share 3 server connections, so every transaction may land on another server session.
// Runs with DATABASE_URL (vitest.config.ts); .ci/run installs Debian's pgbouncer.
const SERVER_POOL_SIZE = 3;
const CLIENT_POOL_SIZE = 12;

describe("behind pgbouncer in transaction pooling [postgres]", () => {
  if (!existsSync(PGBOUNCER_BINARY)) {
    it.skip(`needs pgbouncer at ${PGBOUNCER_BINARY} (apt-get install pgbouncer; .ci/run installs it)`, () => {});
    return;
  }
  const adminUrl = process.env.DATABASE_URL!;
  const name = `${process.env.TEST_DB_PREFIX ?? "lp_test_"}pool_${randomBytes(4).toString("hex")}`;
  const directUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  let bouncer: Pgbouncer | undefined;
  let database: Database | undefined;
  const db = () => database!.db;

  beforeAll(async () => {
    await admin.unsafe(`create database ${name}`);
    bouncer = await startPgbouncer(adminUrl, { serverPoolSize: SERVER_POOL_SIZE });
    database = await openDatabase({ databaseUrl: bouncer.urlFor(directUrl), poolMode: "transaction", directUrl, maxConnections: CLIENT_POOL_SIZE });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await bouncer?.stop();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });

  it("refuses a transaction pooler without a direct URL for migrations and session locks", async () => {
    await expect(openDatabase({ databaseUrl: bouncer!.urlFor(directUrl), poolMode: "transaction" })).rejects.toThrow(/DATABASE_DIRECT_URL/);
  });

  it("really goes through the pooler: at most its server connections reach the database", async () => {
    await Promise.all(Array.from({ length: 30 }, () => db().execute(sql`select pg_sleep(0.05)`)));
    const [row] = await admin.unsafe(`select count(*)::int as n from pg_stat_activity where datname = $1 and backend_type = 'client backend'`, [name]);
    expect(row!.n).toBeGreaterThan(0);
    expect(row!.n).toBeLessThanOrEqual(SERVER_POOL_SIZE);
  });

  it("30 investors racing for one loan through 3 server connections: funded stops exactly at the amount, ledger clean", async () => {
    const market = await createMarket(db());
    const loan = await listLoan(db(), market, "5000.00");
    const racers: string[] = [];
    for (let i = 0; i < 30; i++) racers.push(await createInvestor(db(), market, "1000.00"));
    const outcomes = await Promise.allSettled(
      racers.map((userId, i) => invest(db(), { operatorId: market.operatorId, investorUserId: userId, loanId: loan.id, amount: String(((i % 5) + 1) * 200), idempotencyKey: randomUUID() })),
    );
    const [row] = await db().select().from(loans).where(eq(loans.id, loan.id));
    expect(row).toMatchObject({ fundedAmount: "5000.00", status: "funded" });
    expect(outcomes.some((o) => o.status === "rejected")).toBe(true);
    expect((await checkLedger(db(), { operatorId: market.operatorId })).violations).toEqual([]);
  });

  it("the due-run lock is held on the server itself: a second runner is turned away while the first runs", async () => {
    const run = { operatorId: randomUUID(), date: "2027-01-15" };
    let release!: () => void;
    const running = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    const first = withDueRunLock(db(), run, async () => {
      started();
      await running;
      return "first";
    });
    await hasStarted;
    // Busy traffic through the pooler meanwhile must not inherit or drop the lock.
    await Promise.all(Array.from({ length: 20 }, () => db().execute(sql`select 1`)));
    expect(await withDueRunLock(db(), run, async () => "second")).toEqual({ held: false });
    const [held] = await admin.unsafe(`select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = $1 and granted`, [DUE_RUN_LOCK_CLASS]);
    expect(held!.n).toBe(1);
    release();
    expect(await first).toEqual({ held: true, value: "first" });
    expect(await withDueRunLock(db(), run, async () => "again")).toEqual({ held: true, value: "again" });
  });
});
