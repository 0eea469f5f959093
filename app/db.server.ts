import { openDatabase, type Database, type Db } from "../db/client";
import { createReadRouter, type ReadRouter } from "../db/replica";
import { seedDemoData } from "../services/demo";
import { getConfig } from "./config.server";

let opening: Promise<Database> | null = null;

/** Opened once per process (at server start, see entry.server prepareServer). */
export function startDatabase(): Promise<Database> {
  opening ??= (async () => {
    const config = getConfig();
    const database = await openDatabase({ ...config.database, pgliteDataDir: config.pgliteDir });
    if (config.seedDemoData) await seedDemoData(database.db, { secretKey: config.secretKey });
    return database;
  })();
  return opening;
}

export async function getDb(): Promise<Db> {
  return (await startDatabase()).db;
}

/** Set on the response to every write when a replica is configured: when it was answered (ms). */
export const WROTE_COOKIE = "wrote_at";
export { WROTE_COOKIE_MAX_AGE_S } from "../db/replica";

const WROTE_AT = new RegExp(`(?:^|;\\s*)${WROTE_COOKIE}=(\\d{1,15})(?:;|$)`);

let routing: Promise<ReadRouter | null> | null = null;

export function readReplicaConfigured(): boolean {
  return Boolean(getConfig().replicaUrl);
}

/**
 * The handle a read-only page reads from: with DATABASE_REPLICA_URL, the streaming replica when
 * it holds everything up to a few seconds ago and this person's last write (WROTE_COOKIE);
 * otherwise, and always without a replica, the primary.
 */
export async function readDb(request: Request): Promise<Db> {
  const replicaUrl = getConfig().replicaUrl;
  const database = await startDatabase();
  if (!replicaUrl || database.kind !== "postgres") return database.db;
  routing ??= createReadRouter(database.db, replicaUrl).catch((error) => {
    console.error("read replica unavailable; reading the primary", error);
    return null;
  });
  const router = await routing;
  const wrote = WROTE_AT.exec(request.headers.get("cookie") ?? "")?.[1];
  return router ? router.pick(wrote ? { wroteAtMs: Number(wrote) } : {}) : database.db;
}
