// `npm run bench:scale` (docs/scale-out.md): the anonymous invest list under autocannon (20
// connections in all, BENCH_SECONDS each, default 10) served by one instance, by two instances on
// the same PostgreSQL database (10 connections each, at the same time), and by one instance behind
// pgbouncer in transaction pooling (4 server connections). Prints req/s and p99; no goal — it is
// the figure docs/scale-out.md quotes. Needs DATABASE_URL (a throwaway database is made) and
// Debian's pgbouncer. BENCH_PORT (3340; +1, +2 for the others).
import autocannon from "autocannon";
import { startPgbouncer } from "../db/pgbouncer";
import { startPortal, type Portal } from "./portal";

const PORT = Number(process.env.BENCH_PORT ?? 3340);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const PATH = "/o/unicom/invest";
const POOLER_SERVER_CONNECTIONS = 4;

async function load(origins: string[]): Promise<{ rps: number; p99: number; errors: number }> {
  const each = Math.floor(CONNECTIONS / origins.length);
  const results = await Promise.all(origins.map((origin) => autocannon({ url: origin + PATH, connections: each, duration: SECONDS })));
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
  };
}

function line(label: string, r: { rps: number; p99: number; errors: number }) {
  console.log(`${label.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${String(r.p99).padStart(5)} ms${r.errors ? `   (${r.errors} errors/non-2xx)` : ""}`);
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("bench:scale needs DATABASE_URL (PostgreSQL): instances and the pooler share one database");
  const first = await startPortal(PORT);
  const started: Portal[] = [first];
  try {
    console.log(`bench:scale: ${PATH} (anonymous), autocannon ${CONNECTIONS} connections in all, ${SECONDS} s each run.`);
    line("one instance", await load([first.origin]));
    const second = await startPortal(PORT + 1, { sameDatabaseAs: first });
    started.push(second);
    line("two instances, one database", await load([first.origin, second.origin]));
    await second.stop();
    started.pop();
    const bouncer = await startPgbouncer(process.env.DATABASE_URL, { serverPoolSize: POOLER_SERVER_CONNECTIONS });
    try {
      const pooled = await startPortal(PORT + 2, {
        sameDatabaseAs: first,
        env: { DATABASE_URL: bouncer.urlFor(first.databaseUrl!), DATABASE_POOL_MODE: "transaction", DATABASE_DIRECT_URL: first.databaseUrl! },
      });
      try {
        line(`one instance behind pgbouncer (${POOLER_SERVER_CONNECTIONS} server conns)`, await load([pooled.origin]));
      } finally {
        await pooled.stop();
      }
    } finally {
      await bouncer.stop();
    }
  } finally {
    for (const portal of started.reverse()) await portal.stop();
  }
}

await main();
