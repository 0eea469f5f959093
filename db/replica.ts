/**
 * Reads from a streaming replica (DATABASE_REPLICA_URL), safely: a read-only page reads there
 * only while the replica is reachable and holds everything committed up to a few seconds
 * ago, and a person who has just written reads there only once it holds their write (read your
 * own writes). Anything else — replica down, lagging, not checked lately — reads the primary.
 * docs/decisions/2026-12-04-read-replica.md.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import * as schema from "./schema";

/** How often the replica's position is compared with the primary's (one small query on each). */
export const REPLICA_CHECK_EVERY_MS = 1_000;
/**
 * Bounded staleness for everyone: the replica is read only while it holds every transaction
 * the primary had committed at most this long ago. Otherwise (lagging, unreachable, checks
 * stalled) reads go to the primary.
 */
export const REPLICA_MAX_STALENESS_MS = 3 * REPLICA_CHECK_EVERY_MS;
/**
 * The "I just wrote" cookie lives this long: longer than the staleness bound, so by the time
 * it expires any replica that may be read holds the write anyway.
 */
export const WROTE_COOKIE_MAX_AGE_S = 10;
/** A replica that does not answer within this is unreachable for this check. */
const REPLICA_TIMEOUT_S = 2;

export type ReplicaState = "caught-up" | "lagging" | "unreachable" | "unknown";

export interface ReadRouter {
  /** The handle for a read-only query: the replica when it may be read, else the primary. */
  pick(options?: { wroteAtMs?: number; nowMs?: number }): Db;
  /** Compares the replica's replayed position with the primary's now (also run in the background). */
  check(): Promise<ReplicaState>;
  state(nowMs?: number): ReplicaState;
  close(): Promise<void>;
}

/** A WAL position "16/B374D848" as a number of bytes. */
export function lsnBytes(lsn: string): bigint {
  const [high, low] = lsn.split("/") as [string, string];
  if (!/^[0-9A-F]+$/i.test(high ?? "") || !/^[0-9A-F]+$/i.test(low ?? "")) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export async function createReadRouter(primary: Db, replicaUrl: string, options: { maxConnections?: number; background?: boolean } = {}): Promise<ReadRouter> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(replicaUrl, { max: options.maxConnections ?? 10, connect_timeout: REPLICA_TIMEOUT_S, onnotice: () => {}, prepare: false });
  const replica = drizzle(client, { schema }) as unknown as Db;
  // The primary's position at the previous check, and when it was read.
  let previous: { lsn: bigint; atMs: number } | null = null;
  // The replica holds every transaction committed on the primary before `coveredUntilMs`.
  let last: { state: ReplicaState; coveredUntilMs: number } = { state: "unknown", coveredUntilMs: 0 };

  const replayedPosition = async (): Promise<bigint | null> => {
    const rows = await Promise.race([
      client`select pg_last_wal_replay_lsn()::text as lsn, pg_is_in_recovery() as recovering`,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("replica timeout")), REPLICA_TIMEOUT_S * 1_000).unref()),
    ]);
    const row = rows[0] as { lsn: string | null; recovering: boolean } | undefined;
    // Not in recovery: promoted, or not a replica at all — never read there.
    return row?.recovering && row.lsn ? lsnBytes(row.lsn) : null;
  };
  const check = async (): Promise<ReplicaState> => {
    const atMs = Date.now();
    const [row] = (await primary.execute(sql`select pg_current_wal_lsn()::text as lsn`)) as unknown as Array<{ lsn: string }>;
    const now = { lsn: lsnBytes(row!.lsn), atMs };
    const before = previous;
    previous = now;
    const replayed = await replayedPosition().catch(() => null);
    if (replayed === null) last = { state: "unreachable", coveredUntilMs: last.coveredUntilMs };
    else if (replayed >= now.lsn) last = { state: "caught-up", coveredUntilMs: now.atMs };
    else if (before && replayed >= before.lsn) last = { state: "caught-up", coveredUntilMs: before.atMs };
    else last = { state: "lagging", coveredUntilMs: last.coveredUntilMs };
    return last.state;
  };
  const stateAt = (nowMs = Date.now()): ReplicaState =>
    last.state === "caught-up" && nowMs - last.coveredUntilMs > REPLICA_MAX_STALENESS_MS ? "unknown" : last.state;

  let timer: NodeJS.Timeout | null = null;
  if (options.background !== false) {
    timer = setInterval(() => void check().catch(() => (last = { ...last, state: "unreachable" })), REPLICA_CHECK_EVERY_MS);
    timer.unref();
    await check().catch(() => undefined);
  }
  return {
    pick({ wroteAtMs, nowMs = Date.now() } = {}) {
      if (stateAt(nowMs) !== "caught-up") return primary;
      // Read-your-writes: the replica must already hold what this person wrote.
      return wroteAtMs !== undefined && wroteAtMs >= last.coveredUntilMs ? primary : replica;
    },
    check,
    state: stateAt,
    async close() {
      if (timer) clearInterval(timer);
      await client.end({ timeout: 5 });
    },
  };
}
