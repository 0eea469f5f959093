/**
 * `tsx bench/ledger-profile.ts` (not a test, not part of `npm run bench`): where one
 * postEntry's CPU goes. On a throwaway database (DATABASE_URL's server) it posts
 * PROFILE_ENTRIES entries one at a time, serially, per variant, and prints the server
 * backends' CPU (utime+stime from /proc) and node's CPU per entry. Variants switch one
 * piece of the write path off (a trigger, indexes), so the difference is that piece's cost.
 * Variants that disable guarantees exist only inside this throwaway database.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { workloadEntry } from "./ledger-workload";
import { readdirSync, readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type Db } from "../db/client";
import { operators, users } from "../db/schema";
import { chart, openAccount, postEntries, postEntry } from "../services/ledger";
import { queryRows } from "../services/ledger/db-helpers";
import { prepareEntry } from "../services/ledger/validate-entry";

const ENTRIES = Number(process.env.PROFILE_ENTRIES ?? 2000);
const WALLETS = 400;
const CLIENTS = Number(process.env.PROFILE_CLIENTS ?? 1);
/** PROFILE_BATCH=<entries>: post through postEntries in batches of that many (the batch path), not one by one. */
const BATCH_ENTRIES = Number(process.env.PROFILE_BATCH ?? 0);

async function serverCpuSeconds(db: Db): Promise<number> {
  const pids = await queryRows<{ pid: number }>(db, sql`select pid from pg_stat_activity where datname = current_database()`);
  let ticks = 0;
  for (const { pid } of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

async function books(db: Db) {
  const [operator] = await db
    .insert(operators)
    .values({ slug: "prof", nameZh: "压测", nameEn: "Prof", logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" })
    .returning({ id: operators.id });
  const operatorId = operator!.id;
  const clearing = (await openAccount(db, { operatorId, ...chart.clearingStore("s0") })).id;
  const fee = (await openAccount(db, { operatorId, ...chart.revenueServiceFee() })).id;
  const userRows = await db
    .insert(users)
    .values(Array.from({ length: WALLETS }, (_, i) => ({ operatorId, phone: `1${String(3_000_000_000 + i)}` })))
    .returning({ id: users.id });
  const wallets: string[] = [];
  for (const u of userRows) wallets.push((await openAccount(db, { operatorId, ...chart.walletAvailable(u.id) })).id);
  await postEntries(
    db,
    wallets.map((wallet) => ({
      operatorId,
      idempotencyKey: `fund-${wallet}`,
      kind: "top_up",
      cause: { type: "top_up" as const },
      postedBy: { system: "bench" },
      postings: [
        { accountId: clearing, amountCny: "1000000.00" },
        { accountId: wallet, amountCny: "-1000000.00" },
      ],
    })),
  );
  return { operatorId, clearing, fee, wallets };
}

type Books = Awaited<ReturnType<typeof books>>;

/** The bench's workload on these books (one hot clearing account). */
const entry = (b: Books, tag: string, n: number) => workloadEntry({ ...b, clearing: [b.clearing] }, tag, n);

interface Variant {
  name: string;
  on?: string[];
  off?: string[];
}

// PROFILE_AB=<dir>: alternate the migrated definitions with the SQL files of <dir>/old (e.g. the
// previous migration's functions), four rounds, instead of the variants below.
const abDir = process.env.PROFILE_AB;
const abOld = abDir ? readdirSync(`${abDir}/old`).sort().map((f) => readFileSync(`${abDir}/old/${f}`, "utf8")) : [];
const abNew = abDir ? readdirSync(`${abDir}/new`).sort().map((f) => readFileSync(`${abDir}/new/${f}`, "utf8")) : [];
const abVariants: Variant[] = [1, 2, 3].flatMap(() => [
  { name: "old definitions", on: abOld, off: abNew },
  { name: "new definitions" },
]);

const listedVariants: Variant[] = [
  { name: "as migrated" },
  { name: "no deferred balanced check", on: ["alter table ledger_entries disable trigger ledger_entries_balanced"], off: ["alter table ledger_entries enable trigger ledger_entries_balanced"] },
  { name: "no postings trigger", on: ["alter table ledger_postings disable trigger ledger_postings_apply"], off: ["alter table ledger_postings enable trigger ledger_postings_apply"] },
  {
    name: "no entries created/cause indexes",
    on: ["drop index ledger_entries_operator_created_idx", "drop index ledger_entries_operator_cause_idx"],
    off: [
      "create index ledger_entries_operator_created_idx on ledger_entries (operator_id, created_at)",
      "create index ledger_entries_operator_cause_idx on ledger_entries (operator_id, cause_type, cause_id)",
    ],
  },
  { name: "as migrated (again)" },
];
const variants = abDir ? abVariants : listedVariants;

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("needs DATABASE_URL");
  const name = `ledger_prof_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: CLIENTS });
  try {
    const db = database.db;
    const b = await books(db);
    await db.execute(sql.raw("vacuum analyze"));
    // Pure node cost of validation and hashing.
    const t0 = process.cpuUsage();
    for (let n = 0; n < 20000; n++) prepareEntry(entry(b, "pure", n), { newId: randomUUID, now: new Date() });
    const t1 = process.cpuUsage(t0);
    console.log(`node: workload entry + prepareEntry ${((t1.user + t1.system) / 1e3 / 20000).toFixed(3)} ms/entry`);
    const only = process.env.PROFILE_VARIANTS?.split(",");
    for (const [vi, v] of variants.entries()) {
      if (only && !only.includes(String(vi))) continue;
      for (const s of v.on ?? []) await db.execute(sql.raw(s));
      // warm-up so every connection has its plans
      let next = 0;
      const runLoop = async (tag: string, total: number) => {
        next = 0;
        await Promise.all(
          Array.from({ length: CLIENTS }, async (_, c) => {
            while (next < total) {
              const n = next;
              if (BATCH_ENTRIES > 0) {
                next += BATCH_ENTRIES;
                const inputs = Array.from({ length: BATCH_ENTRIES }, (_, i) => entry(b, `${tag}-${c}`, n + i));
                await postEntries(db, inputs, { lock: false });
              } else {
                next++;
                await postEntry(db, entry(b, `${tag}-${c}`, n));
              }
            }
          }),
        );
      };
      await runLoop(`warm-${vi}`, 200);
      const s0 = await serverCpuSeconds(db);
      const n0 = process.cpuUsage();
      const w0 = process.hrtime.bigint();
      await runLoop(`run-${vi}`, ENTRIES);
      const wall = Number(process.hrtime.bigint() - w0) / 1e9;
      const n1 = process.cpuUsage(n0);
      const s1 = await serverCpuSeconds(db);
      console.log(
        `${v.name.padEnd(36)} server ${(((s1 - s0) * 1000) / ENTRIES).toFixed(3)} ms/entry  node ${((n1.user + n1.system) / 1e3 / ENTRIES).toFixed(3)} ms/entry  ${(ENTRIES / wall).toFixed(0)} entries/s (${CLIENTS} clients)`,
      );
      for (const s of v.off ?? []) await db.execute(sql.raw(s));
    }
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
