import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./client";
import { hasServerBinaries, PG_BIN, startPrimary, startReplica, type Cluster } from "./pg-cluster";
import { createReadRouter, lsnBytes, type ReadRouter } from "./replica";
import { operators } from "./schema";

// A real streaming replica (docs/scale-out.md): this test makes a primary cluster of its own with
// initdb, a replica of it with pg_basebackup -R, and routes reads through createReadRouter.
// Runs with DATABASE_URL, like the other *.postgres.test.ts (CI); needs PostgreSQL's server binaries.

const until = async (what: string, ok: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
};

describe("reads from a streaming replica [postgres]", () => {
  if (!hasServerBinaries()) {
    it.skip(`needs PostgreSQL's server binaries in ${PG_BIN} (initdb, pg_ctl, pg_basebackup)`, () => {});
    return;
  }
  let primary: Cluster | undefined;
  let replica: Cluster | undefined;
  let database: Database | undefined;
  let router: ReadRouter | undefined;
  const db = () => database!.db;
  const insertOperator = (slug: string) =>
    db().insert(operators).values({ slug, nameZh: "副本", nameEn: "Replica", logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" });
  const slugsOn = async (handle: Database["db"]) => (await handle.select({ slug: operators.slug }).from(operators)).map((r) => r.slug);

  beforeAll(async () => {
    primary = await startPrimary();
    database = await openDatabase({ databaseUrl: primary.url(), maxConnections: 4 });
    replica = await startReplica(primary);
    router = await createReadRouter(db(), replica.url(), { maxConnections: 2, background: false });
  }, 120_000);
  afterAll(async () => {
    await router?.close();
    await database?.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  it("reads the replica once it holds what the primary had, and only then", async () => {
    await insertOperator("before");
    await until("the replica replays the insert", async () => (await router!.check()) === "caught-up" && router!.pick() !== db());
    const picked = router!.pick();
    expect(picked).not.toBe(db());
    expect(await slugsOn(picked)).toContain("before");
    // The replica is read-only: a write there is refused, so nothing can be written to the wrong place.
    const refused = await picked.execute(sql`create table nope (x int)`).then(() => null, (error: { cause?: Error }) => error.cause?.message);
    expect(refused).toMatch(/read-only transaction/);
  });

  it("a person who has just written reads the primary until the replica holds their write", async () => {
    await router!.check();
    await insertOperator("mine");
    const wroteAtMs = Date.now();
    expect(router!.pick({ wroteAtMs })).toBe(db());
    expect(await slugsOn(router!.pick({ wroteAtMs }))).toContain("mine");
    // Two checks later the replica's covered position is past the write: the replica again, with the write.
    await until("the replica covers the write", async () => (await router!.check(), router!.pick({ wroteAtMs }) !== db()));
    expect(await slugsOn(router!.pick({ wroteAtMs }))).toContain("mine");
  });

  it("a lagging replica (replay paused) is not read; it is again once it catches up", async () => {
    const { default: postgres } = await import("postgres");
    const admin = postgres(replica!.url(), { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_wal_replay_pause()`;
      await insertOperator("while-paused");
      await router!.check();
      await router!.check();
      expect(router!.state()).toBe("lagging");
      expect(router!.pick()).toBe(db());
      await admin`select pg_wal_replay_resume()`;
      await until("the replica catches up", async () => (await router!.check()) === "caught-up");
      expect(await slugsOn(router!.pick())).toContain("while-paused");
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  it("an unreachable replica falls back to the primary, and a state not checked lately counts for nothing", async () => {
    await router!.check();
    expect(router!.state(Date.now() + 60_000)).toBe("unknown");
    expect(router!.pick({ nowMs: Date.now() + 60_000 })).toBe(db());
    await replica!.stop();
    expect(await router!.check()).toBe("unreachable");
    expect(router!.pick()).toBe(db());
    expect(await slugsOn(router!.pick())).toContain("while-paused");
    await replica!.start();
    await until("the restarted replica is read again", async () => (await router!.check()) === "caught-up");
  });

  it("WAL positions compare as numbers", () => {
    expect(lsnBytes("0/16B3748") < lsnBytes("1/0")).toBe(true);
    expect(lsnBytes("A/0")).toBe(10n << 32n);
    expect(() => lsnBytes("nonsense")).toThrow();
  });
});
