// The ledger and batch benchmarks with and without a transaction pooler (docs/scale-out.md):
// BENCH_POOLER=<server connections> opens the benchmark's database through a throwaway
// pgbouncer in transaction pooling (db/pgbouncer.ts); unset, directly.
import { openDatabase, type Database } from "../db/client";
import { startPgbouncer } from "../db/pgbouncer";

export async function openBenchDatabase(url: string, maxConnections: number): Promise<Database & { via: string }> {
  const serverPoolSize = Number(process.env.BENCH_POOLER ?? 0);
  if (!serverPoolSize) return { ...(await openDatabase({ databaseUrl: url, maxConnections })), via: "direct" };
  const bouncer = await startPgbouncer(url, { serverPoolSize });
  const database = await openDatabase({ databaseUrl: bouncer.urlFor(url), poolMode: "transaction", directUrl: url, maxConnections });
  return {
    ...database,
    via: `through pgbouncer (transaction pooling, ${serverPoolSize} server connections)`,
    async close() {
      await database.close();
      await bouncer.stop();
    },
  };
}
