/**
 * `npm run bench:batch` (not a test): one day's due processing for 100,000 active loans
 * with 10 investors each, on a real PostgreSQL (DATABASE_URL; a throwaway database is
 * created beside it and dropped afterwards).
 *
 * Setup (timed apart): set-based SQL inserts of the borrowers, investors, loans (disbursed,
 * equal principal, 12 months), confirmed investments and installments due on the benchmark
 * date, and of the ledger accounts; then the disbursement entries (Dr loan:principal /
 * Cr each investor's claim) posted through postEntries in batches of 1,000, so every
 * balance is what the ledger's triggers computed from postings. The investors' funding side
 * (top-ups, holds, wallet:held) is not posted: repayment never reads it; the investments'
 * hold rows are written as voided holds with triggers off.
 *
 * Timed: runDueProcessing for the date (core steps + CHANNEL_AND_COLLECTION_STEPS), then
 * the day's 100,000 repayments through applyRepayments in batches of 500, as a channel's
 * due step would apply them (store cash; BENCH_CONCURRENCY batches at a time, default 1).
 *
 * Environment: BENCH_LOANS (default 100000), BENCH_INVESTORS_PER_LOAN (10), BENCH_KEEP=1
 * keeps the database, BENCH_LOG_MS=<ms> makes the server log every statement of the throwaway
 * database that takes at least that long (log_min_duration_statement, parameters left out):
 * where the server's time goes, per statement. BENCH_SAVE_SETUP=<db> keeps a copy of the
 * database as set up (before the timed part) under that name; BENCH_FROM=<db> starts from
 * such a copy instead of setting up (CREATE DATABASE … TEMPLATE), so a change to the timed
 * code can be measured again and again against the same world without the setup's minutes.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { Db } from "../db/client";
import { openBenchDatabase } from "./pooler";
import { operators, stores, users } from "../db/schema";
import { chart, openAccount, postEntries, type PostEntryInput } from "../services/ledger";
import { queryRows } from "../services/ledger/db-helpers";
import { createProductVersion } from "../services/lending";
import { createDueProcessingDeps } from "../services/jobs";
import { createSmsRecorder } from "../services/sms";
import { applyRepayments, MAX_REPAYMENTS_PER_BATCH, runDueProcessing, type RepaymentRequest } from "../services/repayment";
import { startOfBeijingDay } from "../services/shared/calendar";

const LOANS = Number(process.env.BENCH_LOANS ?? 100_000);
const PER_LOAN = Number(process.env.BENCH_INVESTORS_PER_LOAN ?? 10);
const INVESTORS = Math.max(PER_LOAN, Math.ceil(LOANS / 10));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const DATE = "2027-03-15";
const DISBURSED_ON = "2027-02-15";
const AMOUNT = 12_000;
const SHARE = (AMOUNT / PER_LOAN).toFixed(2);
const FIRST_PAYMENT = "1100.00"; // 1,000.00 principal + 100.00 interest (12,000 × 10% / 12)

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/**
 * CPU seconds so far of this process and of the database's server processes (read from
 * /proc when the server runs on this machine, else null). On a machine shared with other
 * work, elapsed time says little; the CPU the batch itself burnt is what to compare.
 */
async function cpuSeconds(db: Db): Promise<{ node: number; server: number | null }> {
  const usage = process.cpuUsage();
  const pids = await queryRows<{ pid: number }>(db, sql`select pid from pg_stat_activity where datname = current_database()`);
  let server: number | null = 0;
  try {
    const { readFileSync } = await import("node:fs");
    const ticksPerSecond = 100;
    for (const { pid } of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      server += (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    }
  } catch {
    server = null;
  }
  return { node: (usage.user + usage.system) / 1e6, server };
}

function cpuSpent(before: { node: number; server: number | null }, after: { node: number; server: number | null }): string {
  const node = after.node - before.node;
  const server = before.server === null || after.server === null ? null : after.server - before.server;
  return `CPU: node ${node.toFixed(1)} s + server ${server === null ? "?" : server.toFixed(1)} s`;
}

async function setup(db: Db): Promise<{ operatorId: string; storeId: string; loanIds: string[]; postings: number }> {
  const [operator] = await db
    .insert(operators)
    .values({ slug: "bench", nameZh: "压测", nameEn: "Bench", logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" })
    .returning({ id: operators.id });
  const operatorId = operator!.id;
  const [store] = await db.insert(stores).values({ operatorId, code: "S001", nameZh: "压测营业厅", nameEn: "Bench store", addressZh: "人民路 1 号" }).returning({ id: stores.id });
  const product = await createProductVersion(db, {
    operatorId,
    terms: { code: "B001", nameZh: "压测贷", nameEn: "Bench loan", purpose: "crops", minAmountCny: "1000.00", maxAmountCny: "50000.00", annualRate: "0.10", termMonths: 12, method: "equal-principal", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "medium" },
  });
  void users;
  await db.execute(sql`
    create unlogged table bench_people as
    select g as ord, gen_random_uuid() as id from generate_series(1, ${LOANS + INVESTORS}) g`);
  await db.execute(sql`
    insert into users (id, operator_id, phone, name)
    select id, ${operatorId}::uuid, '13' || lpad(ord::text, 9, '0'), '压测' || ord from bench_people`);
  await db.execute(sql`
    create unlogged table bench_loans as
    select p.ord, gen_random_uuid() as id, p.id as borrower from bench_people p where p.ord <= ${LOANS}`);
  await db.execute(sql`
    insert into loans (id, operator_id, borrower_user_id, product_id, purpose, title_zh, region_zh, amount, annual_rate, term_months, method,
                       service_fee_rate, penalty_daily_rate, risk_level, status, funded_amount, listed_at, funding_deadline, funded_at, disbursed_at)
    select l.id, ${operatorId}::uuid, l.borrower, ${product.id}::uuid, 'crops', '压测贷 · ' || l.ord, '河南省周口市', ${AMOUNT}, 0.10, 12, 'equal-principal',
           0.10, 0.0005, 'medium', 'disbursed', ${AMOUNT}, ${startOfBeijingDay(DISBURSED_ON).toISOString()}::timestamptz - interval '3 days',
           ${startOfBeijingDay(DISBURSED_ON).toISOString()}::timestamptz + interval '4 days', ${startOfBeijingDay(DISBURSED_ON).toISOString()}::timestamptz,
           ${startOfBeijingDay(DISBURSED_ON).toISOString()}::timestamptz
      from bench_loans l`);
  // Investor k of loan i: investor number (i·PER_LOAN + k) mod INVESTORS — distinct within a loan.
  await db.execute(sql`
    create unlogged table bench_investments as
    select l.id as loan_id, l.ord, k, p.id as investor, gen_random_uuid() as id, gen_random_uuid() as hold_id
      from bench_loans l cross join generate_series(0, ${PER_LOAN - 1}) k
      join bench_people p on p.ord = ${LOANS} + 1 + ((l.ord * ${PER_LOAN} + k) % ${INVESTORS})`);
  // Accounts are opened with the triggers on (the insert trigger sets each one's class).
  const custody = await openAccount(db, { operatorId, ...chart.custodyBank() });
  const card = await openAccount(db, { operatorId, ...chart.clearingCard() });
  // Holds: written voided with triggers off (no funding money was posted in this setup).
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`
      insert into ledger_holds (id, operator_id, idempotency_key, request_hash, currency, debit_account_id, credit_account_id, amount, kind, cause_type, cause_id,
                                placed_by_system, status, resolved_at, resolved_by_system)
      select hold_id, ${operatorId}::uuid, 'bench-invest:' || id, '\\x00'::bytea, 'CNY', ${custody.id}::uuid, ${card.id}::uuid, ${SHARE}, 'invest', 'investment', id::text,
             'bench', 'voided', now(), 'bench'
        from bench_investments`);
    await tx.execute(sql`
      insert into investments (id, operator_id, loan_id, investor_user_id, amount, hold_id, status, idempotency_key, resolved_at)
      select id, ${operatorId}::uuid, loan_id, investor, ${SHARE}, hold_id, 'confirmed', 'bench-' || id, now() from bench_investments`);
  });
  await db.execute(sql`
    insert into loan_installments (operator_id, loan_id, n, due_date, principal, interest, payment)
    select ${operatorId}::uuid, l.id, n, to_char(${DATE}::date + ((n - 1) * interval '1 month'), 'YYYY-MM-DD'),
           ${AMOUNT / 12}, round(${AMOUNT}::numeric * (13 - n) / 12 * 0.10 / 12, 2), ${AMOUNT / 12} + round(${AMOUNT}::numeric * (13 - n) / 12 * 0.10 / 12, 2)
      from bench_loans l cross join generate_series(1, 12) n`);
  await db.execute(sql`
    insert into ledger_accounts (operator_id, code, type, balance_rule)
    select ${operatorId}::uuid, 'loan:principal:' || id, 'asset', 'no_negative' from bench_loans`);
  await db.execute(sql`
    insert into ledger_accounts (operator_id, code, type, owner_user_id, balance_rule)
    select ${operatorId}::uuid, 'claim:' || investor || ':' || loan_id, 'liability', investor, 'no_negative' from bench_investments`);
  await db.execute(sql`
    insert into ledger_accounts (operator_id, code, type, owner_user_id, balance_rule)
    select ${operatorId}::uuid, 'wallet:available:' || id, 'liability', id, 'no_negative' from bench_people where ord > ${LOANS}`);
  await openAccount(db, { operatorId, ...chart.clearingStore(store!.id) });
  await openAccount(db, { operatorId, ...chart.revenueServiceFee() });
  await db.execute(sql`analyze`);

  // Disbursement entries through the ledger: Dr loan:principal / Cr each claim.
  const rows = await queryRows<{ loan_id: string; principal_id: string; claim_ids: string[] }>(
    db,
    sql`select i.loan_id::text as loan_id, lp.id::text as principal_id, array_agg(c.id::text order by i.k) as claim_ids
          from bench_investments i
          join ledger_accounts lp on lp.operator_id = ${operatorId}::uuid and lp.code = 'loan:principal:' || i.loan_id
          join ledger_accounts c on c.operator_id = ${operatorId}::uuid and c.code = 'claim:' || i.investor || ':' || i.loan_id
         group by i.loan_id, lp.id`,
  );
  let postings = 0;
  const at = new Date(startOfBeijingDay(DISBURSED_ON).getTime() + 10 * 3_600_000);
  for (let start = 0; start < rows.length; start += 1000) {
    const batch: PostEntryInput[] = rows.slice(start, start + 1000).map((r) => ({
      operatorId,
      idempotencyKey: `disbursement:${r.loan_id}`,
      kind: "disbursement",
      memo: "放款（压测）",
      cause: { type: "loan", id: r.loan_id },
      postedBy: { system: "bench" },
      postings: [{ accountId: r.principal_id, amountCny: AMOUNT.toFixed(2) }, ...r.claim_ids.map((id) => ({ accountId: id, amountCny: `-${SHARE}` }))],
      now: at,
    }));
    postings += batch.reduce((t, e) => t + e.postings.length, 0);
    await db.transaction((tx) => postEntries(tx, batch));
    if ((start / 1000) % 10 === 9) process.stdout.write(`  disbursements posted: ${start + 1000}\n`);
  }
  await db.execute(sql`analyze`);
  return { operatorId, storeId: store!.id, loanIds: rows.map((r) => r.loan_id).sort(), postings };
}

/** What the timed part needs of a world copied from BENCH_FROM (set up by an earlier run). */
async function readWorld(db: Db): Promise<{ operatorId: string; storeId: string; loanIds: string[]; postings: number }> {
  const [world] = await queryRows<{ operator_id: string; store_id: string }>(
    db,
    sql`select o.id::text as operator_id, s.id::text as store_id from operators o join stores s on s.operator_id = o.id where o.slug = 'bench'`,
  );
  if (!world) throw new Error("BENCH_FROM: the database holds no bench world (make one with BENCH_SAVE_SETUP)");
  const loans = await queryRows<{ id: string }>(db, sql`select id::text as id from loans where operator_id = ${world.operator_id}::uuid order by id`);
  return { operatorId: world.operator_id, storeId: world.store_id, loanIds: loans.map((l) => l.id), postings: 0 };
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL is required (a PostgreSQL server where a throwaway database can be created)");
  const name = `bench_batch_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const from = process.env.BENCH_FROM;
  await admin.unsafe(from ? `create database ${name} template ${from}` : `create database ${name}`);
  if (process.env.BENCH_LOG_MS) await admin.unsafe(`alter database ${name} set log_min_duration_statement = ${Number(process.env.BENCH_LOG_MS)}; alter database ${name} set log_parameter_max_length = 0`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  let database = await openBenchDatabase(url.toString(), Math.max(4, CONCURRENCY + 2));
  console.log(`batch connections: ${database.via}`);
  console.log(`bench:batch — ${LOANS.toLocaleString("en")} loans × ${PER_LOAN} investors (${INVESTORS.toLocaleString("en")} investors), date ${DATE}, database ${name}`);
  const [server] = await admin.unsafe("select current_setting('shared_buffers') as buffers, current_setting('max_wal_size') as wal");
  console.log(`server: shared_buffers=${server!.buffers}, max_wal_size=${server!.wal} (docs/decisions/2026-12-05-batch-probes-and-server-settings.md)`);
  try {
    const setupStart = process.hrtime.bigint();
    const { operatorId, storeId, loanIds, postings: setupPostings } = from ? await readWorld(database.db) : await setup(database.db);
    const setupSeconds = seconds(setupStart);
    console.log(
      from
        ? `setup: copied from ${from} (${loanIds.length.toLocaleString("en")} loans)`
        : `setup: ${setupSeconds.toFixed(1)} s (${setupPostings.toLocaleString("en")} disbursement postings through postEntries)`,
    );
    if (process.env.BENCH_SAVE_SETUP) {
      await database.close();
      await admin.unsafe(`create database ${process.env.BENCH_SAVE_SETUP} template ${name}`);
      console.log(`setup saved as database ${process.env.BENCH_SAVE_SETUP} (BENCH_FROM=${process.env.BENCH_SAVE_SETUP} starts from it)`);
      database = await openBenchDatabase(url.toString(), Math.max(4, CONCURRENCY + 2));
    }

    const cpuBefore = await cpuSeconds(database.db);
    const dueStart = process.hrtime.bigint();
    const due = await runDueProcessing(database.db, { operatorId, date: DATE, deps: createDueProcessingDeps({ smsSenderFor: createSmsRecorder(new Uint8Array(32)) }), now: new Date(startOfBeijingDay(DATE).getTime() + 30 * 60_000) });
    const dueSeconds = seconds(dueStart);
    const cpuAfterDue = await cpuSeconds(database.db);
    console.log(
      `runDueProcessing ${DATE}: ${dueSeconds.toFixed(1)} s — ${Object.entries(due.progress).map(([s, p]) => `${s} ${p.done}/${p.total}`).join(", ")}; ${cpuSpent(cpuBefore, cpuAfterDue)}`,
    );

    const receivedAt = new Date(startOfBeijingDay(DATE).getTime() + 10 * 3_600_000);
    const requests: RepaymentRequest[] = loanIds.map((loanId, i) => ({ loanId, source: "store_cash", storeId, reference: `bench-${DATE}-${i}`, amountCny: FIRST_PAYMENT, receivedAt }));
    const batches: RepaymentRequest[][] = [];
    for (let i = 0; i < requests.length; i += MAX_REPAYMENTS_PER_BATCH) batches.push(requests.slice(i, i + MAX_REPAYMENTS_PER_BATCH));
    const [before] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ledger_postings`);
    const applyStart = process.hrtime.bigint();
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        await applyRepayments(database.db, { operatorId, requests: batch, postedBy: { system: "bench" }, now: receivedAt });
        done += batch.length;
        if (done % 10_000 === 0) process.stdout.write(`  repaid ${done.toLocaleString("en")} (${seconds(applyStart).toFixed(1)} s)\n`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const applySeconds = seconds(applyStart);
    const [after] = await queryRows<{ n: number; closed: number; paid: number }>(
      database.db,
      sql`select (select count(*)::int from ledger_postings) as n,
                 (select count(*)::int from repayments) as closed,
                 (select count(*)::int from loan_installments where n = 1 and status = 'paid') as paid`,
    );
    const postings = after!.n - before!.n;
    console.log(
      `applyRepayments: ${requests.length.toLocaleString("en")} repayments in ${batches.length} batches of ≤${MAX_REPAYMENTS_PER_BATCH} (concurrency ${CONCURRENCY}): ${applySeconds.toFixed(1)} s, ` +
        `${Math.round(requests.length / applySeconds).toLocaleString("en")} loans/s, ${Math.round(postings / applySeconds).toLocaleString("en")} postings/s (${postings.toLocaleString("en")} postings); ` +
        `repayment rows ${after!.closed.toLocaleString("en")}, first installments paid ${after!.paid.toLocaleString("en")}`,
    );
    const cpuAfter = await cpuSeconds(database.db);
    console.log(`repayments: ${cpuSpent(cpuAfterDue, cpuAfter)}`);
    const total = dueSeconds + applySeconds;
    const goal = (60 * LOANS) / 100_000;
    console.log(
      `total (due processing + repayments): ${total.toFixed(1)} s — ${Math.round(requests.length / total).toLocaleString("en")} loans/s, ` +
        `${Math.round(postings / total).toLocaleString("en")} postings/s; ${cpuSpent(cpuBefore, cpuAfter)}; setup ${from ? `copied from ${from}` : `${setupSeconds.toFixed(1)} s`}; ` +
        `goal ≤ ${goal.toFixed(1)} s (60 s per 100,000 loans) ${total <= goal ? "MET" : "NOT MET"}`,
    );
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP !== "1") await admin.unsafe(`drop database ${name} with (force)`);
    else console.log(`kept database ${name}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
