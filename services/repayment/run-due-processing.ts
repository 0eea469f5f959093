import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { dueActions, dueRuns } from "../../db/schema";
import { queryRows } from "../ledger/db-helpers";
import { Cny } from "../ledger/money";
import type { SmsSender } from "../sms";
import { addDays, isCalendarDate } from "../shared/calendar";
import { accruePenalties } from "./accrue-penalties";
import { applyRepayments } from "./apply-repayments";
import { quoteInstallmentsDue } from "./compute-due";
import { loadInstallments } from "./load-installments";
import { refreshDelinquency } from "./refresh-delinquency";
import { getRepaymentSettings } from "./settings";
import { formatMoney } from "../shared/money-text";
import { withDueRunLock } from "./due-run-lock";

/** Who due processing says it is in the ledger and the audit log. */
export const DUE_PROCESSING_ACTOR = { system: "due-processing" } as const;

export interface StepProgress {
  done: number;
  total: number;
  finished: boolean;
  /** The step's outside party could not be reached (its reason); the day's run went on. */
  unavailable?: string;
}

export interface DueContext {
  db: Db;
  operatorId: string;
  /** The Beijing date being processed. */
  date: string;
  /** The clock of the run (the simulator moves it). */
  now: Date;
  deps: DueProcessingDeps;
  /** Reports a step's progress; persisted so a page can show it. */
  progress(done: number, total: number): Promise<void>;
  /** The step's channel is unreachable today: recorded, the step ends, the run goes on. */
  markUnavailable(reason: string): Promise<void>;
}

export interface DueStep {
  name: string;
  run(ctx: DueContext): Promise<void>;
}

export interface DueProcessingDeps {
  /** The SMS adapter, bound to a transaction so a reminder is recorded exactly when sent. */
  smsSenderFor(tx: DbOrTx): SmsSender;
  /** Extra steps the channels and collections add after the core ones (in order). */
  extraSteps?: readonly DueStep[];
  /** Repayment channels' adapters and secret (channels/channel-adapters.ts); absent: sandboxes, no passbook batches. */
  channels?: import("./channels/channel-adapters").ChannelDeps;
}

export interface DueRunResult {
  runDate: string;
  alreadyDone: boolean;
  /** Another process is running this date right now (it holds the run's lock): nothing was done here. */
  runningElsewhere: boolean;
  attempts: number;
  progress: Record<string, StepProgress>;
}

/** Loans handled per transaction by the paged steps. */
export const DUE_PAGE_SIZE = 200;

const CORE_STEPS: readonly DueStep[] = [
  {
    name: "accrue_penalties",
    async run(ctx) {
      const { installments } = await accruePenalties(ctx.db, { operatorId: ctx.operatorId, date: ctx.date });
      await ctx.progress(installments, installments);
    },
  },
  {
    name: "apply_wallet_balances",
    run: applyWalletBalances,
  },
  {
    name: "mark_overdue",
    async run(ctx) {
      const { loans, overdue } = await refreshDelinquency(ctx.db, { operatorId: ctx.operatorId, date: ctx.date });
      await ctx.progress(overdue, loans);
    },
  },
  {
    name: "send_reminders",
    run: sendReminders,
  },
];

/** The order steps run in with these deps (a page lists a run's progress in it). */
export function dueStepOrder(deps: Pick<DueProcessingDeps, "extraSteps">): string[] {
  return [...CORE_STEPS, ...(deps.extraSteps ?? [])].map((s) => s.name);
}

/**
 * One operator's due processing for one Beijing date: penalty accrual, earlier
 * overpayments applied, delinquency and buckets, reminder SMS, then the channels' and
 * collections' steps. The run is recorded per (operator, date); each finished step is
 * skipped when the run is started again, and every step's own work is idempotent (unique
 * references and dated markers), so a rerun after a crash finishes the work once and a
 * rerun of a finished date changes nothing. One runner at a time (./due-run-lock.ts):
 * while another process runs the date this returns at once with `runningElsewhere`.
 */
export async function runDueProcessing(
  db: Db,
  input: { operatorId: string; date: string; deps: DueProcessingDeps; now?: Date; onProgress?: (step: string, p: StepProgress) => void },
): Promise<DueRunResult> {
  if (!isCalendarDate(input.date)) throw new Error(`not a date: ${input.date}`);
  const locked = await withDueRunLock(db, { operatorId: input.operatorId, date: input.date }, () => startAndRunSteps(db, input));
  if (locked.held) return locked.value;
  const [existing] = await db.select().from(dueRuns).where(and(eq(dueRuns.operatorId, input.operatorId), eq(dueRuns.runDate, input.date)));
  return {
    runDate: input.date,
    alreadyDone: existing?.status === "done",
    runningElsewhere: existing?.status !== "done",
    attempts: existing?.attempts ?? 0,
    progress: (existing?.progress ?? {}) as Record<string, StepProgress>,
  };
}

/** Records the run (or counts one more attempt of an unfinished one), then runs its unfinished steps. */
async function startAndRunSteps(
  db: Db,
  input: { operatorId: string; date: string; deps: DueProcessingDeps; now?: Date; onProgress?: (step: string, p: StepProgress) => void },
): Promise<DueRunResult> {
  const now = input.now ?? new Date();
  const steps = [...CORE_STEPS, ...(input.deps.extraSteps ?? [])];
  const initial = Object.fromEntries(steps.map((s) => [s.name, { done: 0, total: 0, finished: false }]));
  const inserted = await db
    .insert(dueRuns)
    .values({ operatorId: input.operatorId, runDate: input.date, step: steps[0]!.name, progress: initial, startedAt: now })
    .onConflictDoNothing()
    .returning();
  let run = inserted[0];
  if (!run) {
    const [existing] = await db.select().from(dueRuns).where(and(eq(dueRuns.operatorId, input.operatorId), eq(dueRuns.runDate, input.date)));
    if (!existing) throw new Error("due run vanished");
    if (existing.status === "done") {
      return { runDate: input.date, alreadyDone: true, runningElsewhere: false, attempts: existing.attempts, progress: existing.progress as Record<string, StepProgress> };
    }
    [run] = await db
      .update(dueRuns)
      .set({ attempts: sql`${dueRuns.attempts} + 1` })
      .where(eq(dueRuns.id, existing.id))
      .returning();
  }
  const progress: Record<string, StepProgress> = { ...initial, ...(run!.progress as Record<string, StepProgress>) };
  const save = async (step: string) => {
    await db.update(dueRuns).set({ step, progress }).where(eq(dueRuns.id, run!.id));
  };

  for (const step of steps) {
    if (progress[step.name]?.finished) continue;
    const ctx: DueContext = {
      db,
      operatorId: input.operatorId,
      date: input.date,
      now,
      deps: input.deps,
      progress: async (done, total) => {
        progress[step.name] = { done, total, finished: false };
        input.onProgress?.(step.name, progress[step.name]!);
        await save(step.name);
      },
      markUnavailable: async (reason) => {
        progress[step.name] = { ...(progress[step.name] ?? { done: 0, total: 0, finished: false }), unavailable: reason.slice(0, 200) };
        await save(step.name);
      },
    };
    await step.run(ctx);
    progress[step.name] = { ...(progress[step.name] ?? { done: 0, total: 0 }), finished: true };
    input.onProgress?.(step.name, progress[step.name]!);
    await save(step.name);
  }
  await db.update(dueRuns).set({ status: "done", step: "done", progress, finishedAt: new Date() }).where(eq(dueRuns.id, run!.id));
  return { runDate: input.date, alreadyDone: false, runningElsewhere: false, attempts: run!.attempts, progress };
}

/**
 * An earlier overpayment (money in the borrower's wallet) pays what falls due, before any
 * debit or deduction is asked for. Reference `wallet:<date>:<loan>`: one a day per loan.
 */
async function applyWalletBalances(ctx: DueContext): Promise<void> {
  const candidates = await queryRows<{ loan_id: string; balance: string }>(
    ctx.db,
    sql`select l.id::text as loan_id, a.posted_balance::text as balance
          from loans l
          join ledger_accounts a on a.operator_id = l.operator_id and a.code = 'wallet:available:' || l.borrower_user_id::text
         where l.operator_id = ${ctx.operatorId}::uuid and l.status = 'disbursed' and a.posted_balance - a.pending_out > 0
           and exists (select 1 from loan_installments i where i.loan_id = l.id and i.due_date <= ${ctx.date} and i.status <> 'paid')
           and not exists (select 1 from repayments r where r.operator_id = l.operator_id and r.source = 'wallet' and r.reference = 'wallet:' || ${ctx.date} || ':' || l.id::text)
         order by l.id`,
  );
  let done = 0;
  for (const candidate of candidates) {
    // One loan at a time: a borrower's loans share one wallet, each takes what is left.
    await ctx.db.transaction(async (tx) => {
      const [balanceRow] = await queryRows<{ available: string }>(
        tx,
        sql`select (a.posted_balance - a.pending_out)::text as available from ledger_accounts a join loans l on a.code = 'wallet:available:' || l.borrower_user_id::text and a.operator_id = l.operator_id where l.id = ${candidate.loan_id}::uuid for update of a`,
      );
      const installments = await loadInstallments(tx, candidate.loan_id);
      const due = quoteInstallmentsDue(installments, ctx.date);
      const amount = Cny.min(new Cny(balanceRow?.available ?? "0"), due.items.filter((i) => i.dueDate <= ctx.date).reduce((t, i) => t.plus(i.penalty).plus(i.interest).plus(i.principal), new Cny(0)));
      if (amount.lte(0)) return;
      await applyRepayments(tx, {
        operatorId: ctx.operatorId,
        postedBy: DUE_PROCESSING_ACTOR,
        now: ctx.now,
        requests: [{ loanId: candidate.loan_id, source: "wallet", reference: `wallet:${ctx.date}:${candidate.loan_id}`, amountCny: amount, receivedAt: ctx.now }],
        notify: ctx.deps.smsSenderFor,
      });
    });
    done++;
    if (done % DUE_PAGE_SIZE === 0) await ctx.progress(done, candidates.length);
  }
  await ctx.progress(done, candidates.length);
}

/**
 * Reminder SMS a configured number of days before each due date, once per installment and
 * lead time: the marker row and the message are written in one transaction.
 */
async function sendReminders(ctx: DueContext): Promise<void> {
  const settings = await getRepaymentSettings(ctx.db, ctx.operatorId);
  let done = 0;
  let total = 0;
  for (const daysBefore of settings.reminderDaysBefore) {
    const dueDate = addDays(ctx.date, daysBefore);
    const rows = await queryRows<{ installment_id: string; phone: string; n: number; amount: string; title: string }>(
      ctx.db,
      sql`select i.id::text as installment_id, u.phone, i.n,
                 ((i.principal - i.principal_paid) + (i.interest - i.interest_paid - i.interest_waived))::text as amount, l.title_zh as title
            from loan_installments i
            join loans l on l.id = i.loan_id
            join users u on u.id = l.borrower_user_id
           where l.operator_id = ${ctx.operatorId}::uuid and l.status = 'disbursed' and i.due_date = ${dueDate} and i.status <> 'paid'
             and not exists (select 1 from due_actions d where d.operator_id = l.operator_id and d.kind = 'reminder' and d.reference = i.id::text || ':' || ${String(daysBefore)})
           order by i.id`,
    );
    total += rows.length;
    for (const row of rows) {
      await ctx.db.transaction(async (tx) => {
        const marked = await tx
          .insert(dueActions)
          .values({ operatorId: ctx.operatorId, kind: "reminder", reference: `${row.installment_id}:${daysBefore}`, runDate: ctx.date })
          .onConflictDoNothing()
          .returning({ id: dueActions.id });
        if (marked.length === 0) return;
        await ctx.deps.smsSenderFor(tx).send({
          operatorId: ctx.operatorId,
          phone: row.phone,
          kind: "repayment_due",
          params: { title: row.title, period: String(row.n), amount: formatMoney(row.amount), dueDate },
        });
      });
      done++;
      if (done % DUE_PAGE_SIZE === 0) await ctx.progress(done, total);
    }
  }
  await ctx.progress(done, total);
}
