import { directUrlOf, type Db } from "./client";

/** What the invest list shows changed (a trigger's NOTIFY, db/migrations/0024_invest_list_changes.sql). */
export const INVEST_LIST_CHANNEL = "invest_list_changed";

export interface ChangeListener {
  /** Stops listening (and closes the connection opened for it). */
  close(): Promise<void>;
}

interface PostgresJsListen {
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<{ unlisten(): Promise<void> }>;
  end(options: { timeout: number }): Promise<void>;
  options: Record<string, unknown>;
}
interface PgliteListen {
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * Calls `onChange` each time a committed transaction notifies `channel`, in this process, from
 * any process on the same database. `onListening` runs once listening starts and again after
 * each reconnect (PostgreSQL): a notice sent while the connection was down is lost, so whoever
 * caches should drop what it holds then.
 *
 * PostgreSQL: a connection of its own (postgres.js reconnects it); behind a transaction pooler
 * the server itself (DATABASE_DIRECT_URL), because a pooler does not carry LISTEN.
 * PGlite: the one in-process session, which hears its own notices.
 */
export async function listenForChanges(db: Db, channel: string, onChange: () => void, onListening: () => void = () => {}): Promise<ChangeListener> {
  const client = (db as { $client?: unknown }).$client as Partial<PostgresJsListen & PgliteListen> | undefined;
  if (!client?.listen) throw new Error("this database cannot listen for notices");
  if (!("options" in client)) {
    const unlisten = await (client as PgliteListen).listen(channel, () => onChange());
    onListening();
    return { close: () => unlisten() };
  }
  const direct = directUrlOf(db);
  let own: PostgresJsListen | null = null;
  if (direct) {
    const { default: postgres } = await import("postgres");
    own = (postgres as unknown as (url: string, options: Record<string, unknown>) => PostgresJsListen)(direct, { max: 1, onnotice: () => {} });
  }
  const listening = await (own ?? (client as PostgresJsListen)).listen(channel, () => onChange(), onListening);
  return {
    async close() {
      await listening.unlisten();
      await own?.end({ timeout: 5 });
    },
  };
}
