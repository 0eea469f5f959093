import type { Db } from "../../db/client";

/**
 * The first key of the due runs' advisory locks (two-int form, a key space of its own: the
 * one-key `pg_advisory_xact_lock(hashtext(…))` locks elsewhere never collide with it).
 * The digits spell "due" on a phone keypad.
 */
export const DUE_RUN_LOCK_CLASS = 383;

/** A postgres.js client's reserved connection: one session, kept until released. */
interface ReservedConnection {
  unsafe(query: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  release(): void;
}
interface ReservingClient {
  reserve(): Promise<ReservedConnection>;
}

function reservingClient(db: Db): ReservingClient | null {
  const client = (db as { $client?: Partial<ReservingClient> }).$client;
  return client && typeof client.reserve === "function" ? (client as ReservingClient) : null;
}

/** Runs held by this process on an embedded database (one process serves it: a run not here is dead). */
const heldInProcess = new WeakMap<object, Set<string>>();

/**
 * Runs `work` as the one runner of an operator's due run for a date, or returns
 * `{ held: false }` at once when someone else is running it.
 *
 * On PostgreSQL the runner holds a session advisory lock on its own connection for as long
 * as the run lasts. PostgreSQL frees it the moment that session ends — process killed,
 * connection dropped, backend terminated — so a run left `running` whose lock is free was
 * cut off and may be resumed at once, with no waiting period and no guess from timestamps.
 * On the embedded database (PGlite: one process, one session, where advisory locks are
 * re-entrant and prove nothing) the process keeps the set of runs it is running.
 */
export async function withDueRunLock<T>(
  db: Db,
  run: { operatorId: string; date: string },
  work: () => Promise<T>,
): Promise<{ held: true; value: T } | { held: false }> {
  const key = `${run.operatorId}:${run.date}`;
  const client = reservingClient(db);
  if (!client) {
    const held = heldInProcess.get(db) ?? new Set<string>();
    heldInProcess.set(db, held);
    if (held.has(key)) return { held: false };
    held.add(key);
    try {
      return { held: true, value: await work() };
    } finally {
      held.delete(key);
    }
  }
  const connection = await client.reserve();
  try {
    const [row] = await connection.unsafe("select pg_try_advisory_lock($1, hashtext($2)) as locked", [DUE_RUN_LOCK_CLASS, `due-run:${key}`]);
    if (row?.locked !== true) return { held: false };
    try {
      return { held: true, value: await work() };
    } finally {
      // A dead session has already let go (and this throws): nothing more to free.
      await connection.unsafe("select pg_advisory_unlock($1, hashtext($2))", [DUE_RUN_LOCK_CLASS, `due-run:${key}`]).catch(() => undefined);
    }
  } finally {
    connection.release();
  }
}
