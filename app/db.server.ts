import { openDatabase, type Database, type Db } from "../db/client";
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
