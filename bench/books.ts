/**
 * `npm run bench:books` (not a test): books that stay fast with history. Builds about
 * BENCH_POSTINGS (default 10,000,000) postings over two years on a real PostgreSQL
 * (DATABASE_URL; a throwaway database is created beside it and dropped afterwards), then
 * times four reads before and after the balance snapshots are made
 * (docs/decisions/2026-12-03-balance-snapshots.md) and runs ledger:check on the result.
 *
 * The world (set-based SQL, ledger triggers off while loading, as bench/batch.ts loads its
 * holds; every entry's postings hash and every stored balance are computed from the
 * postings, so ledger:check must pass): BENCH_INVESTORS (20,000) investors topped up on day
 * one from the custody bank; BENCH_LOANS (6,000) loans of 12,000.00 disbursed over the two
 * years, each funded by 5 investors (Dr loan:principal, Dr each wallet, Cr each claim, Cr
 * custody), repaid monthly for 12 months through 20 store clearing accounts (13 postings:
 * principal back to the loan and the claims, principal and net interest to the wallets,
 * the service fee to revenue) while the history lasts; the rest is card top-ups and card
 * refunds of the investors (Dr/Cr clearing:card), so clearing:card is the busy account.
 *
 * Timed (BENCH_RUNS samples each, p95 by nearest rank; "before" takes BENCH_RUNS_BEFORE):
 * trial balance as of a past day; one statement page of clearing:card (a week's range,
 * then the next page by cursor, each with the account's balance now, as the account page
 * loads them); an investor's portfolio; the monthly disclosure (12-month trend).
 * Goal: p95 ≤ 200 ms each. Then `npm run ledger:check` on that database, timed.
 *
 * Environment: BENCH_POSTINGS, BENCH_INVESTORS, BENCH_LOANS, BENCH_RUNS (20),
 * BENCH_RUNS_BEFORE (5), BENCH_DB_PREFIX (bench_books_), BENCH_KEEP=1 keeps the database,
 * BENCH_REUSE=<database> measures a kept database again (no setup, no "before");
 * BENCH_RUNS_BEFORE=0 skips the "before" reads, BENCH_CHECK=0 skips ledger:check (iteration).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type Db } from "../db/client";
import { operators, stores } from "../db/schema";
import { buildDisclosureReport, makeDisclosureMonths, shiftMonth } from "../services/disclosure";
import { getPortfolio } from "../services/investing";
import { getBalance, getStatement, makeBalanceSnapshots, trialBalance, trialBalanceAccounts } from "../services/ledger";
import { queryRows } from "../services/ledger/db-helpers";
import { createProductVersion } from "../services/lending";
import { addDays, endOfBeijingDay, startOfBeijingDay } from "../services/shared/calendar";

const TARGET_POSTINGS = Number(process.env.BENCH_POSTINGS ?? 10_000_000);
const INVESTORS = Number(process.env.BENCH_INVESTORS ?? 20_000);
const LOANS = Number(process.env.BENCH_LOANS ?? 6_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const RUNS_BEFORE = Number(process.env.BENCH_RUNS_BEFORE ?? 5);
const PER_LOAN = 5;
const STORES = 20;
const DAYS = 730;
const LAST_DAY = "2026-11-30";
const FIRST_DAY = addDays(LAST_DAY, -(DAYS - 1));
/** The issue's goal for each read's p95. */
const GOAL_MS = 200;

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** A uuid made from an entry number, so postings and entries are written without a lookup. */
const entryUuid = (column: string) => sql.raw(`('00000000-0000-4000-8000-' || lpad(to_hex(${column}), 12, '0'))::uuid`);

interface World {
  operatorId: string;
  busyAccountId: string;
  investorIds: string[];
  postings: number;
  entries: number;
  accounts: number;
}

async function createPeopleAndLoans(db: Db, operatorId: string): Promise<void> {
  const product = await createProductVersion(db, {
    operatorId,
    terms: { code: "B001", nameZh: "压测贷", nameEn: "Bench loan", purpose: "crops", minAmountCny: "1000.00", maxAmountCny: "50000.00", annualRate: "0.10", termMonths: 12, method: "equal-principal", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "medium" },
  });
  await db.execute(sql`create unlogged table bench_people as select g as ord, gen_random_uuid() as id from generate_series(1, ${LOANS + INVESTORS}) g`);
  await db.execute(sql`insert into users (id, operator_id, phone, name) select id, ${operatorId}::uuid, '13' || lpad(ord::text, 9, '0'), '压测' || ord from bench_people`);
  // Loan i is disbursed on day (i·73 mod 700) of the history; installment n is paid 30·n days later while the history lasts.
  await db.execute(sql`
    create unlogged table bench_loans as
    select p.ord, gen_random_uuid() as id, p.id as borrower, (p.ord * 73) % 700 as day,
           least(12, (${DAYS} - 1 - (p.ord * 73) % 700) / 30) as paid
      from bench_people p where p.ord <= ${LOANS}`);
  const start = sql`ledger_day_start(${FIRST_DAY}::date + l.day)`;
  await db.execute(sql`
    insert into loans (id, operator_id, borrower_user_id, product_id, purpose, title_zh, region_zh, amount, annual_rate, term_months, method,
                       service_fee_rate, penalty_daily_rate, risk_level, status, funded_amount, listed_at, funding_deadline, funded_at, disbursed_at, closed_at)
    select l.id, ${operatorId}::uuid, l.borrower, ${product.id}::uuid, 'crops', '压测贷 · ' || l.ord, '河南省周口市', 12000, 0.10, 12, 'equal-principal',
           0.10, 0.0005, 'medium', case when l.paid = 12 then 'closed' else 'disbursed' end::loan_status, 12000,
           ${start} - interval '3 days', ${start} + interval '4 days', ${start}, ${start} + interval '10 hours',
           case when l.paid = 12 then ledger_day_start(${FIRST_DAY}::date + l.day + 360) + interval '11 hours' end
      from bench_loans l`);
  await db.execute(sql`
    insert into loan_installments (operator_id, loan_id, n, due_date, principal, interest, payment, principal_paid, interest_paid, status, paid_at)
    select ${operatorId}::uuid, l.id, n, to_char(${FIRST_DAY}::date + l.day + 30 * n, 'YYYY-MM-DD'), 1000, 100, 1100,
           case when n <= l.paid then 1000 else 0 end, case when n <= l.paid then 100 else 0 end,
           case when n <= l.paid then 'paid' else 'scheduled' end::installment_status,
           case when n <= l.paid then ledger_day_start(${FIRST_DAY}::date + l.day + 30 * n) + interval '11 hours' end
      from bench_loans l cross join generate_series(1, 12) n`);
  await db.execute(sql`
    create unlogged table bench_claims as
    select l.ord as loan_ord, k, p.ord as investor_ord, p.id as investor, l.id as loan_id, gen_random_uuid() as claim_id,
           gen_random_uuid() as investment_id, gen_random_uuid() as hold_id
      from bench_loans l cross join generate_series(0, ${PER_LOAN - 1}) k
      join bench_people p on p.ord = ${LOANS} + 1 + ((l.ord * ${PER_LOAN} + k) % ${INVESTORS})`);
}

async function openAccounts(db: Db, operatorId: string, storeIds: string[]): Promise<void> {
  await db.execute(sql`
    insert into ledger_accounts (operator_id, code, type) values
      (${operatorId}::uuid, 'custody:bank', 'asset'), (${operatorId}::uuid, 'clearing:card', 'asset'),
      (${operatorId}::uuid, 'revenue:service-fee', 'revenue')`);
  for (const storeId of storeIds) {
    await db.execute(sql`insert into ledger_accounts (operator_id, code, type) values (${operatorId}::uuid, ${`clearing:store:${storeId}`}, 'asset')`);
  }
  await db.execute(sql`insert into ledger_accounts (operator_id, code, type, balance_rule) select ${operatorId}::uuid, 'loan:principal:' || id, 'asset', 'no_negative' from bench_loans`);
  await db.execute(sql`
    insert into ledger_accounts (id, operator_id, code, type, owner_user_id, balance_rule)
    select claim_id, ${operatorId}::uuid, 'claim:' || investor || ':' || loan_id, 'liability', investor, 'no_negative' from bench_claims`);
  await db.execute(sql`
    insert into ledger_accounts (operator_id, code, type, owner_user_id, balance_rule)
    select ${operatorId}::uuid, 'wallet:available:' || id, 'liability', id, 'no_negative' from bench_people where ord > ${LOANS}`);
  await db.execute(sql`
    create unlogged table bench_acc as
    select p.ord, w.id as wallet from bench_people p join ledger_accounts w on w.operator_id = ${operatorId}::uuid and w.code = 'wallet:available:' || p.id
     where p.ord > ${LOANS}`);
  await db.execute(sql`
    create unlogged table bench_loan_acc as
    select l.ord, l.day, l.paid, lp.id as principal,
           (select id from ledger_accounts where operator_id = ${operatorId}::uuid and code = 'clearing:store:' || (array[${sql.join(storeIds.map((id) => sql`${id}`), sql`, `)}])[1 + l.ord % ${STORES}]) as store
      from bench_loans l join ledger_accounts lp on lp.operator_id = ${operatorId}::uuid and lp.code = 'loan:principal:' || l.id`);
}

/** Every posting of the history as a line of bench_lines; entries numbered per kind. */
async function writeLines(db: Db, operatorId: string): Promise<number> {
  const hot = async (code: string) => (await queryRows<{ id: string }>(db, sql`select id::text as id from ledger_accounts where operator_id = ${operatorId}::uuid and code = ${code}`))[0]!.id;
  const custody = await hot("custody:bank");
  const card = await hot("clearing:card");
  const fee = await hot("revenue:service-fee");
  await db.execute(sql`create unlogged table bench_lines (entry_no bigint, kind text, cause_type ledger_cause_type, cause_id text, created_at timestamptz, account_id uuid, amount numeric(20, 2))`);
  const day0 = sql`ledger_day_start(${FIRST_DAY}::date)`;
  // Day one, 08:00: each investor's opening top-up from the bank (entries 1..INVESTORS).
  await db.execute(sql`
    insert into bench_lines
    select a.ord, 'top_up', 'top_up'::ledger_cause_type, 'open-' || a.ord, ${day0} + interval '8 hours' + a.ord * interval '1 ms', x.account_id, x.amount
      from bench_acc a cross join lateral (values (${custody}::uuid, 15000.00), (a.wallet, -15000.00)) x(account_id, amount)`);
  // Disbursements (entries 1e6 + loan): Dr loan:principal, Dr each wallet, Cr each claim, Cr custody.
  const dayOf = sql`ledger_day_start(${FIRST_DAY}::date + l.day)`;
  await db.execute(sql`
    insert into bench_lines
    select 1000000 + l.ord, 'disbursement', 'loan'::ledger_cause_type, l.ord::text, ${dayOf} + interval '10 hours' + l.ord * interval '1 ms', x.account_id, x.amount
      from bench_loan_acc l cross join lateral (values (l.principal, 12000.00), (${custody}::uuid, -12000.00)) x(account_id, amount)
    union all
    select 1000000 + l.ord, 'disbursement', 'loan'::ledger_cause_type, l.ord::text, ${dayOf} + interval '10 hours' + l.ord * interval '1 ms', x.account_id, x.amount
      from bench_loan_acc l join bench_claims c on c.loan_ord = l.ord join bench_acc a on a.ord = c.investor_ord
     cross join lateral (values (a.wallet, 2400.00), (c.claim_id, -2400.00)) x(account_id, amount)`);
  // Repayments (entries 2e6 + 12·loan + n): 1,100.00 in at a store; 1,000.00 principal and 90.00 net interest out.
  const repayAt = sql`ledger_day_start(${FIRST_DAY}::date + l.day + 30 * n) + interval '11 hours' + l.ord * interval '1 ms'`;
  await db.execute(sql`
    insert into bench_lines
    select 2000000 + 12 * l.ord + n, 'repayment', 'repayment'::ledger_cause_type, l.ord || '-' || n, ${repayAt}, x.account_id, x.amount
      from bench_loan_acc l cross join generate_series(1, 12) n
     cross join lateral (values (l.store, 1100.00), (l.principal, -1000.00), (${fee}::uuid, -10.00)) x(account_id, amount)
     where n <= l.paid
    union all
    select 2000000 + 12 * l.ord + n, 'repayment', 'repayment'::ledger_cause_type, l.ord || '-' || n, ${repayAt}, x.account_id, x.amount
      from bench_loan_acc l cross join generate_series(1, 12) n
      join bench_claims c on c.loan_ord = l.ord join bench_acc a on a.ord = c.investor_ord
     cross join lateral (values (c.claim_id, 200.00), (a.wallet, -218.00)) x(account_id, amount)
     where n <= l.paid`);
  const [{ n: fixed } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from bench_lines`);
  // Card top-ups and refunds (entries 1e8 + 2j, +1), spread over the days, to make up the rest.
  const pairs = Math.max(0, Math.floor((TARGET_POSTINGS - fixed) / 4));
  const pairAt = sql`ledger_day_start(${FIRST_DAY}::date + (j % ${DAYS})) + interval '12 hours' + (j / ${DAYS}) * interval '10 seconds'`;
  await db.execute(sql`
    insert into bench_lines
    select 100000000 + 2 * j + e, case e when 0 then 'top_up' else 'card_refund' end, case e when 0 then 'top_up' else 'withdrawal' end::ledger_cause_type,
           'card-' || j || '-' || e, ${pairAt} + e * interval '5 seconds', x.account_id, x.amount
      from generate_series(1, ${pairs}) j join bench_acc a on a.ord = ${LOANS} + 1 + (j % ${INVESTORS})
     cross join generate_series(0, 1) e
     cross join lateral (values (${card}::uuid, (100 + j % 50)::numeric * (1 - 2 * e)), (a.wallet, -(100 + j % 50)::numeric * (1 - 2 * e))) x(account_id, amount)`);
  return pairs;
}

/** Entries and postings from bench_lines with the ledger's triggers off; hashes and stored balances computed from them. */
async function loadLedger(db: Db, operatorId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`drop index ledger_postings_entry_idx`);
    await tx.execute(sql`drop index ledger_postings_account_created_idx`);
    await tx.execute(sql`
      insert into ledger_entries (id, operator_id, idempotency_key, request_hash, postings_hash, currency, amount, kind, memo, cause_type, cause_id, posted_by_system, created_at)
      select ${entryUuid("entry_no")}, ${operatorId}::uuid, 'bench:' || entry_no, '\\x00'::bytea,
             sha256(convert_to(string_agg(account_id::text || ':' || amount::text, ';' order by account_id), 'UTF8')),
             'CNY', sum(amount) filter (where amount > 0), min(kind), '', min(cause_type), min(cause_id), 'bench', min(created_at)
        from bench_lines group by entry_no`);
    await tx.execute(sql`
      insert into ledger_postings (entry_id, operator_id, account_id, currency, amount, created_at)
      select ${entryUuid("entry_no")}, ${operatorId}::uuid, account_id, 'CNY', amount, created_at from bench_lines order by created_at, entry_no`);
    await tx.execute(sql`create index ledger_postings_entry_idx on ledger_postings using btree (entry_id)`);
    await tx.execute(sql`create index ledger_postings_account_created_idx on ledger_postings using btree (account_id, created_at, id)`);
    await tx.execute(sql`
      update ledger_accounts a set posted_balance = case when a.type in ('asset', 'expense') then t.total else -t.total end
        from (select account_id, sum(amount) as total from bench_lines group by account_id) t
       where a.id = t.account_id and a.balance_rule <> 'none'`);
    // The investments behind the claims (the portfolio reads them), with voided holds as bench/batch.ts writes them.
    await tx.execute(sql`
      insert into ledger_holds (id, operator_id, idempotency_key, request_hash, currency, debit_account_id, credit_account_id, amount, kind, cause_type, cause_id,
                                placed_by_system, status, resolved_at, resolved_by_system)
      select c.hold_id, ${operatorId}::uuid, 'bench-invest:' || c.investment_id, '\\x00'::bytea, 'CNY', a.wallet,
             (select id from ledger_accounts where operator_id = ${operatorId}::uuid and code = 'custody:bank'), 2400, 'invest', 'investment', c.investment_id::text,
             'bench', 'voided', now(), 'bench'
        from bench_claims c join bench_acc a on a.ord = c.investor_ord`);
    await tx.execute(sql`
      insert into investments (id, operator_id, loan_id, investor_user_id, amount, hold_id, status, idempotency_key, resolved_at)
      select investment_id, ${operatorId}::uuid, loan_id, investor, 2400, hold_id, 'confirmed', 'bench-' || investment_id, now() from bench_claims`);
  });
}

async function setup(db: Db): Promise<World> {
  const [operator] = await db
    .insert(operators)
    .values({ slug: "bench", nameZh: "压测", nameEn: "Bench", logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" })
    .returning({ id: operators.id });
  const operatorId = operator!.id;
  const storeRows = await db
    .insert(stores)
    .values(Array.from({ length: STORES }, (_, i) => ({ operatorId, code: `S${String(i + 1).padStart(3, "0")}`, nameZh: `压测营业厅 ${i + 1}`, nameEn: `Bench store ${i + 1}`, addressZh: "人民路 1 号" })))
    .returning({ id: stores.id });
  await createPeopleAndLoans(db, operatorId);
  await openAccounts(db, operatorId, storeRows.map((s) => s.id));
  const pairs = await writeLines(db, operatorId);
  console.log(`  lines written (${pairs.toLocaleString("en")} card top-up/refund pairs)`);
  await loadLedger(db, operatorId);
  await db.execute(sql`drop table bench_lines`);
  await db.execute(sql`analyze`);
  const [counts] = await queryRows<{ postings: number; entries: number; accounts: number; busy: string }>(
    db,
    sql`select (select count(*)::int from ledger_postings) as postings, (select count(*)::int from ledger_entries) as entries,
               (select count(*)::int from ledger_accounts) as accounts,
               (select id::text from ledger_accounts where operator_id = ${operatorId}::uuid and code = 'clearing:card') as busy`,
  );
  const investors = await queryRows<{ id: string }>(db, sql`select id::text as id from bench_people where ord > ${LOANS} order by ord limit ${RUNS}`);
  return { operatorId, busyAccountId: counts!.busy, investorIds: investors.map((r) => r.id), postings: counts!.postings, entries: counts!.entries, accounts: counts!.accounts };
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)]!;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await run();
  return performance.now() - began;
}

/** The four reads, `runs` samples each; p95 in milliseconds per read. */
async function measureReads(db: Db, world: World, runs: number): Promise<Record<string, number>> {
  const { operatorId, busyAccountId } = world;
  const trial: number[] = [];
  const drill: number[] = [];
  const statement: number[] = [];
  const portfolio: number[] = [];
  const disclosure: number[] = [];
  for (let k = 0; k < runs; k++) {
    const pastDay = addDays(LAST_DAY, -(1 + ((k * 37) % 700)));
    trial.push(await timed(() => trialBalance(db, { operatorId, asOf: endOfBeijingDay(pastDay) })));
    // The drill-down a finance user opens next: the first page of the largest class, the investors' claims.
    drill.push(await timed(() => trialBalanceAccounts(db, { operatorId, accountClass: "claim", asOf: endOfBeijingDay(pastDay) })));
    const range = { operatorId, accountId: busyAccountId, from: startOfBeijingDay(pastDay), to: endOfBeijingDay(addDays(pastDay, 6)) };
    let cursor: string | null = null;
    statement.push(
      await timed(async () => {
        const [page] = await Promise.all([getStatement(db, range), getBalance(db, { operatorId, accountId: busyAccountId })]);
        cursor = page.nextCursor;
      }),
    );
    if (cursor) statement.push(await timed(() => Promise.all([getStatement(db, { ...range, cursor }), getBalance(db, { operatorId, accountId: busyAccountId })])));
    portfolio.push(await timed(() => getPortfolio(db, { operatorId, userId: world.investorIds[k % world.investorIds.length]! })));
    disclosure.push(await timed(() => buildDisclosureReport(db, { operatorId, month: shiftMonth(LAST_DAY.slice(0, 7), -(k % 12)) })));
  }
  return {
    "trial balance by class as of a past day": p95(trial),
    "its drill-down, first page of claims (50)": p95(drill),
    "statement page of clearing:card": p95(statement),
    "investor portfolio": p95(portfolio),
    "monthly disclosure (12-month trend)": p95(disclosure),
  };
}

function printReads(label: string, reads: Record<string, number>): boolean {
  let met = true;
  for (const [name, ms] of Object.entries(reads)) {
    const ok = ms <= GOAL_MS;
    met &&= ok;
    console.log(`  ${label} ${name}: p95 ${ms.toFixed(1)} ms (goal ≤ ${GOAL_MS} ms: ${ok ? "met" : "not met"})`);
  }
  return met;
}

/** `npm run ledger:check` against the bench database, timed. */
function runLedgerCheck(url: string): { seconds: number; status: number | null; output: string } {
  const began = process.hrtime.bigint();
  const result = spawnSync("npx", ["tsx", "scripts/ledger-check.ts"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  return { seconds: seconds(began), status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/** BENCH_REUSE: the world of a database kept by an earlier run (BENCH_KEEP=1). */
async function existingWorld(db: Db): Promise<World> {
  const [row] = await queryRows<{ operator_id: string; busy: string; postings: number; entries: number; accounts: number }>(
    db,
    sql`select o.id::text as operator_id, a.id::text as busy, (select count(*)::int from ledger_postings) as postings,
               (select count(*)::int from ledger_entries) as entries, (select count(*)::int from ledger_accounts) as accounts
          from operators o join ledger_accounts a on a.operator_id = o.id and a.code = 'clearing:card' where o.slug = 'bench'`,
  );
  const investors = await queryRows<{ id: string }>(db, sql`select id::text as id from bench_people where ord > ${LOANS} order by ord limit ${RUNS}`);
  return { operatorId: row!.operator_id, busyAccountId: row!.busy, investorIds: investors.map((r) => r.id), postings: row!.postings, entries: row!.entries, accounts: row!.accounts };
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL is required (a PostgreSQL server where a throwaway database can be created)");
  const reuse = process.env.BENCH_REUSE;
  const name = reuse ?? `${process.env.BENCH_DB_PREFIX ?? "bench_books_"}${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  if (!reuse) await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
  console.log(`bench:books — about ${TARGET_POSTINGS.toLocaleString("en")} postings, ${DAYS} days to ${LAST_DAY}, ${LOANS.toLocaleString("en")} loans × ${PER_LOAN} investors of ${INVESTORS.toLocaleString("en")}; database ${name}`);
  try {
    const setupStart = process.hrtime.bigint();
    const world = reuse ? await existingWorld(database.db) : await setup(database.db);
    console.log(`setup: ${seconds(setupStart).toFixed(1)} s — ${world.postings.toLocaleString("en")} postings, ${world.entries.toLocaleString("en")} entries, ${world.accounts.toLocaleString("en")} accounts`);

    if (!reuse && RUNS_BEFORE > 0) printReads(`before snapshots (${RUNS_BEFORE} runs)`, await measureReads(database.db, world, RUNS_BEFORE));

    const snapStart = process.hrtime.bigint();
    const made = await makeBalanceSnapshots(database.db, { operatorId: world.operatorId });
    await database.db.execute(sql`analyze ledger_balance_snapshots`);
    const [size] = await queryRows<{ rows: number; size: string }>(
      database.db,
      sql`select count(*)::int as rows, pg_size_pretty(pg_total_relation_size('ledger_balance_snapshots')) as size from ledger_balance_snapshots`,
    );
    console.log(`makeBalanceSnapshots (catch-up ${made.fromDay} … ${made.throughDay}): ${seconds(snapStart).toFixed(1)} s — ${size!.rows.toLocaleString("en")} rows, ${size!.size}`);
    const monthsStart = process.hrtime.bigint();
    const months = await makeDisclosureMonths(database.db, { operatorId: world.operatorId });
    console.log(`makeDisclosureMonths (${months.months.length} months kept): ${seconds(monthsStart).toFixed(1)} s`);
    const dayStart = process.hrtime.bigint();
    await makeBalanceSnapshots(database.db, { operatorId: world.operatorId });
    await makeDisclosureMonths(database.db, { operatorId: world.operatorId });
    console.log(`day close again (nothing to do): ${(seconds(dayStart) * 1000).toFixed(0)} ms`);

    const after = await measureReads(database.db, world, RUNS);
    const met = printReads(`after snapshots (${RUNS} runs)`, after);

    if (process.env.BENCH_CHECK === "0") {
      console.log(met ? "reads met (ledger:check skipped: BENCH_CHECK=0)" : "goals NOT met (ledger:check skipped: BENCH_CHECK=0)");
      return;
    }
    const check = runLedgerCheck(url.toString());
    console.log(`ledger:check on this database: ${check.seconds.toFixed(1)} s, exit ${check.status}`);
    for (const line of check.output.split("\n").slice(0, 12)) console.log(`  ${line}`);
    console.log(met && check.status === 0 ? "goals met: every read's p95 ≤ 200 ms and ledger:check passes" : "goals NOT met");
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP !== "1" && !reuse) await admin.unsafe(`drop database ${name} with (force)`);
    else console.log(`kept database ${name}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
