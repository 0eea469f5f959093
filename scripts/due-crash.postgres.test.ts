import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client";
import { createDueProcessingDeps } from "../services/jobs";
import { checkLedger } from "../services/ledger";
import { fund, TEST_SECRET } from "../services/investing/test-fixtures";
import { resumeInterruptedDueRuns, runDueProcessingForAll } from "../services/repayment";
import { createDisbursedLoan } from "../services/repayment/testing/disbursed-loan";
import { createTestSms } from "../services/sms/testing/test-sms";

/**
 * Crash tests of daily due processing on a real PostgreSQL (issue 15, "safe reruns"): one
 * database is set up with CRASH_LOANS loans whose borrower has money on the wallet, so the
 * date's `apply_wallet_balances` step books a repayment per loan, one transaction each — a
 * batch that takes a few seconds. Each case runs on a copy of it (CREATE DATABASE … TEMPLATE):
 * an uninterrupted run gives the totals the interrupted ones must end with.
 */
// Enough loans that the step lasts seconds (about 40 ms a repayment here), few enough to set up in ~20 s.
const CRASH_LOANS = 80;
const DATE = "2027-02-10";
const ROOT = path.resolve(__dirname, "..");

if (process.env.DATABASE_URL) {
  describe("due processing survives a killed process and terminated backends [postgres]", () => {
    const prefix = `${process.env.TEST_DB_PREFIX ?? "lp_test_"}${randomBytes(4).toString("hex")}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
    const created: string[] = [];
    const workDir = mkdtempSync(path.join(tmpdir(), "due-crash-"));
    const urlOf = (name: string) => Object.assign(new URL(process.env.DATABASE_URL!), { pathname: `/${name}` }).toString();
    let clean: Snapshot;

    async function copyOfBase(label: string): Promise<string> {
      const name = `${prefix}_${label}`;
      await admin.unsafe(`create database ${name} template ${prefix}_base`);
      created.push(name);
      return name;
    }

    beforeAll(async () => {
      const base = `${prefix}_base`;
      await admin.unsafe(`create database ${base}`);
      created.push(base);
      const database = await openDatabase({ databaseUrl: urlOf(base), maxConnections: 4 });
      try {
        const first = await createDisbursedLoan(database.db, { investments: ["1000.00"], disbursedAt: new Date("2027-01-10T02:00:00Z") });
        for (let i = 1; i < CRASH_LOANS; i++) await createDisbursedLoan(database.db, { investments: ["1000.00"], disbursedAt: new Date("2027-01-10T02:00:00Z"), market: first.market });
        // Enough on the borrower's wallet for every first installment: due processing pays them from it.
        await fund(database.db, first.market, first.market.borrowerId, String(CRASH_LOANS * 1000));
      } finally {
        await database.close();
      }
      const cleanDb = await copyOfBase("clean");
      expect(await runDueCli(cleanDb).exited).toBe(0);
      clean = await snapshot(cleanDb);
      expect(clean).toMatchObject({ runs: "done:1", repayments: CRASH_LOANS, pendingHolds: 0 });
    }, 120_000);

    afterAll(async () => {
      for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
      rmSync(workDir, { recursive: true, force: true });
    });

    /** `npm run due` for the date on `name`, as its own process (node with tsx's loader: one process to kill). */
    function runDueCli(name: string): { child: ChildProcess; exited: Promise<number | null> } {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/due.ts", "--date", DATE], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: urlOf(name), DATA_DIR: workDir, APP_SECRET: "due-crash-test-secret", BANK_DROP_DIR: workDir },
        stdio: "ignore",
      });
      return { child, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
    }

    async function repaymentsIn(name: string): Promise<number> {
      const db = postgres(urlOf(name), { max: 1, onnotice: () => {} });
      try {
        const [row] = await db`select count(*)::int as n from repayments`;
        return row!.n as number;
      } finally {
        await db.end({ timeout: 5 });
      }
    }

    /** Waits until at least `atLeast` repayments are booked on `name` (the batch is under way). */
    async function untilRepayments(name: string, atLeast: number): Promise<number> {
      for (let i = 0; i < 600; i++) {
        const n = await repaymentsIn(name);
        if (n >= atLeast) return n;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no ${atLeast} repayments on ${name} after 30 s`);
    }

    async function snapshot(name: string): Promise<Snapshot> {
      const db = postgres(urlOf(name), { max: 1, onnotice: () => {} });
      try {
        const [row] = await db`
          select (select string_agg(status || ':' || n, ',' order by status) from (select status::text, count(*) as n from due_runs group by status) s) as runs,
                 (select count(*)::int from repayments) as repayments,
                 (select coalesce(sum(amount), 0)::text from repayments) as repaid,
                 (select count(*)::int from loan_installments where status = 'paid') as paid_installments,
                 (select count(*)::int from ledger_entries) as entries,
                 (select count(*)::int from ledger_holds where status = 'pending') as pending_holds,
                 (select coalesce(string_agg(status || ':' || n, ',' order by status), '') from (select status::text, count(*) as n from payouts group by status) p) as payouts,
                 (select md5(string_agg(a.code || '=' || b.total, ',' order by a.code))
                    from (select account_id, sum(amount)::text as total from ledger_postings group by account_id) b join ledger_accounts a on a.id = b.account_id) as balances`;
        const ledger = await openDatabase({ databaseUrl: urlOf(name), maxConnections: 1 });
        try {
          const check = await checkLedger(ledger.db, {});
          return { runs: row!.runs, repayments: row!.repayments, repaid: row!.repaid, paidInstallments: row!.paid_installments, entries: row!.entries, pendingHolds: row!.pending_holds, payouts: row!.payouts, balances: row!.balances, violations: check.violations.length };
        } finally {
          await ledger.close();
        }
      } finally {
        await db.end({ timeout: 5 });
      }
    }

    it("kill -9 of `npm run due` mid-batch: the run stays running, the rerun finishes it once, with the totals of a run never interrupted", async () => {
      const name = await copyOfBase("killed");
      const first = runDueCli(name);
      const before = await untilRepayments(name, CRASH_LOANS / 4);
      first.child.kill("SIGKILL");
      expect(await first.exited).toBeNull();
      const cut = await snapshot(name);
      expect(cut.runs).toBe("running:1");
      expect(cut.repayments).toBeGreaterThanOrEqual(before);
      expect(cut.repayments).toBeLessThan(CRASH_LOANS);
      expect(cut.violations).toBe(0);

      // The killed process's lock went with its connection: the rerun resumes at once.
      expect(await runDueCli(name).exited).toBe(0);
      const after = await snapshot(name);
      expect(after).toEqual(clean);
    }, 60_000);

    it("every backend of the database terminated during a due run: the run fails, the next check resumes it at once and finishes it cleanly", async () => {
      const name = await copyOfBase("terminated");
      const database: Database = await openDatabase({ databaseUrl: urlOf(name), maxConnections: 4 });
      try {
        const deps = createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor, channels: { secretKey: TEST_SECRET } });
        const now = new Date("2027-02-10T01:00:00Z");
        const running = runDueProcessingForAll(database.db, { date: DATE, now, deps });
        running.catch(() => undefined);
        await untilRepayments(name, CRASH_LOANS / 4);
        const killed = await admin`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()) t`;
        expect(killed[0]!.n).toBeGreaterThan(0);
        await expect(running).rejects.toThrow();
        const cut = await snapshot(name);
        expect(cut.runs).toBe("running:1");
        expect(cut.repayments).toBeLessThan(CRASH_LOANS);

        // The pool reconnects; the lock died with its session, so the run counts as cut off right away.
        const resumed = await resumeInterruptedDueRuns(database.db, { now: new Date("2027-02-10T01:05:00Z"), deps });
        expect(resumed.map((r) => [r.result.runDate, r.result.alreadyDone, r.result.attempts])).toEqual([[DATE, false, 2]]);
      } finally {
        await database.close();
      }
      expect(await snapshot(name)).toEqual(clean);
    }, 60_000);
  });
}

interface Snapshot {
  runs: string;
  repayments: number;
  repaid: string;
  paidInstallments: number;
  entries: number;
  pendingHolds: number;
  payouts: string;
  balances: string;
  violations: number;
}
