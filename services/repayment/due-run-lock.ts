import { directUrlOf, type Db } from "../../db/client";

/**
 * The first key of the due runs' advisory locks (two-int form, a key space of its own: the
 * one-key `pg_advisory_xact_lock(hashtext(…))` locks elsewhere never collide with it).
 * The digits spell "due" on a phone keypad.
 */
export const DUE_RUN_LOCK_CLASS = 383;

/** The little of a postgres.js client used here: its options, to open a one-connection client like it. */
interface LockClient {
  unsafe(query: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  end(options: { timeout: number }): Promise<void>;
}
type ClientFactory = (options: Record<string, unknown>) => LockClient;
interface PostgresJsPool {
  options: Record<string, unknown>;
}

function postgresJsPool(db: Db): PostgresJsPool | null {
  const client = (db as { $client?: Partial<PostgresJsPool> & { unsafe?: unknown } }).$client;
  return client && typeof client.unsafe === "function" && client.options ? (client as PostgresJsPool) : null;
}

/** Runs held by this process on an embedded database (one process serves it: a run not here is dead). */
const heldInProcess = new WeakMap<object, Set<string>>();

/**
 * Runs `work` as the one runner of an operator's due run for a date, or returns
 * `{ held: false }` at once when someone else is running it.
 *
 * On PostgreSQL the runner holds a session advisory lock on a connection of its own for as
 * long as the run lasts, and lets go by closing it. PostgreSQL frees it the moment that session ends — process killed,
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
  const pool = postgresJsPool(db);
  if (!pool) {
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
  // A client of its own, not a connection reserved from the pool: postgres.js cannot be told
  // to release a reserved connection the server has closed (the write throws outside any
  // promise). Ending a client is safe whatever became of its connection, and frees the lock.
  const { default: postgres } = await import("postgres");
  // Behind a transaction pooler the lock must reach the server itself: a pooler would keep the
  // lock on a server connection it then lends to other clients.
  const direct = directUrlOf(db);
  const single = { max: 1, idle_timeout: 0, max_lifetime: null, onnotice: () => {} };
  const lock = direct
    ? (postgres as unknown as (url: string, options: Record<string, unknown>) => LockClient)(direct, single)
    : (postgres as unknown as ClientFactory)({ ...pool.options, ...single });
  try {
    const [row] = await lock.unsafe("select pg_try_advisory_lock($1, hashtext($2)) as locked", [DUE_RUN_LOCK_CLASS, `due-run:${key}`]);
    if (row?.locked !== true) return { held: false };
    return { held: true, value: await work() };
  } finally {
    await lock.end({ timeout: 5 });
  }
}
