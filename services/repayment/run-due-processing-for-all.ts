import { and, desc, eq, gte, inArray, lte } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { dueRuns, operators } from "../../db/schema";
import { addDays, beijingDate, isCalendarDate } from "../shared/calendar";
import { runDueProcessing, type DueProcessingDeps, type DueRunResult, type StepProgress } from "./run-due-processing";

export interface OperatorDueRun {
  operatorId: string;
  operatorSlug: string;
  result: DueRunResult;
}

/**
 * Runs due processing for `date` for every operator (or the one with `operatorSlug`), one
 * after another. Each run is resumable and idempotent per (operator, date), so calling this
 * again — after a crash, from a second process, or for a finished date — is safe. A failing
 * operator does not stop the others; the first error is thrown after all were tried.
 */
export async function runDueProcessingForAll(
  db: Db,
  input: {
    date: string;
    operatorSlug?: string;
    now?: Date;
    /** Made by createDueProcessingDeps (services/jobs), which knows every step. */
    deps: DueProcessingDeps;
    onProgress?: (operatorSlug: string, step: string, progress: StepProgress) => void;
  },
): Promise<OperatorDueRun[]> {
  if (!isCalendarDate(input.date)) throw new Error(`not a date: ${input.date}`);
  const list = await db
    .select({ id: operators.id, slug: operators.slug })
    .from(operators)
    .where(input.operatorSlug ? eq(operators.slug, input.operatorSlug) : undefined)
    .orderBy(operators.slug);
  if (input.operatorSlug && list.length === 0) throw new Error(`no operator ${input.operatorSlug}`);
  const { deps } = input;
  const results: OperatorDueRun[] = [];
  let failure: unknown = null;
  for (const operator of list) {
    try {
      const result = await runDueProcessing(db, {
        operatorId: operator.id,
        date: input.date,
        deps,
        now: input.now,
        onProgress: input.onProgress ? (step, p) => input.onProgress!(operator.slug, step, p) : undefined,
      });
      results.push({ operatorId: operator.id, operatorSlug: operator.slug, result });
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return results;
}

/** Runs cut off (the process killed mid-step) are finished by the next start or check, this far back. */
export const RESUME_INTERRUPTED_RUNS_DAYS = 7;

/**
 * The in-process scheduler's check (embedded database, no pg-boss): first it finishes any
 * run of the last RESUME_INTERRUPTED_RUNS_DAYS days that was cut off, then, once it is past
 * the daily time in Beijing, today's run is started for every operator whose run is not
 * done. Returns the operators it ran for.
 */
export async function ensureTodaysDueProcessing(
  db: Db,
  input: { now?: Date; notBefore?: { hour: number; minute: number }; deps: DueProcessingDeps },
): Promise<OperatorDueRun[]> {
  const now = input.now ?? new Date();
  const resumed = await resumeInterruptedDueRuns(db, { now, deps: input.deps });
  const notBefore = input.notBefore ?? DUE_PROCESSING_TIME;
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  const minutes = beijing.getUTCHours() * 60 + beijing.getUTCMinutes();
  if (minutes < notBefore.hour * 60 + notBefore.minute) return resumed;
  const date = beijingDate(now);
  const all = await db.select({ id: operators.id, slug: operators.slug }).from(operators);
  if (all.length === 0) return resumed;
  const done = await db
    .select({ operatorId: dueRuns.operatorId })
    .from(dueRuns)
    .where(and(eq(dueRuns.runDate, date), eq(dueRuns.status, "done"), inArray(dueRuns.operatorId, all.map((o) => o.id))));
  const doneIds = new Set(done.map((d) => d.operatorId));
  const results: OperatorDueRun[] = [...resumed];
  for (const operator of all.filter((o) => !doneIds.has(o.id))) {
    const ran = await runDueProcessingForAll(db, { date, operatorSlug: operator.slug, now, deps: input.deps });
    results.push(...ran.filter((r) => !r.result.runningElsewhere));
  }
  return results;
}

/**
 * Finishes the runs of the last RESUME_INTERRUPTED_RUNS_DAYS days (today included) that
 * were cut off: still `running`, and nobody holds their lock (./due-run-lock.ts) — the
 * process that ran them is gone, so they resume at once, each at its first unfinished step.
 * A run whose lock is held is going on elsewhere and is left alone. Called at a portal's
 * start and by every scheduled check (in-process and pg-boss alike). A failing run does
 * not stop the others; the first error is thrown after all were tried.
 */
export async function resumeInterruptedDueRuns(db: Db, input: { now?: Date; deps: DueProcessingDeps }): Promise<OperatorDueRun[]> {
  const now = input.now ?? new Date();
  const today = beijingDate(now);
  const stuck = await db
    .select({ date: dueRuns.runDate, slug: operators.slug })
    .from(dueRuns)
    .innerJoin(operators, eq(operators.id, dueRuns.operatorId))
    .where(and(eq(dueRuns.status, "running"), lte(dueRuns.runDate, today), gte(dueRuns.runDate, addDays(today, -RESUME_INTERRUPTED_RUNS_DAYS))))
    .orderBy(dueRuns.runDate, operators.slug);
  const results: OperatorDueRun[] = [];
  let failure: unknown = null;
  for (const run of stuck) {
    try {
      const ran = await runDueProcessingForAll(db, { date: run.date, operatorSlug: run.slug, now, deps: input.deps });
      results.push(...ran.filter((r) => !r.result.runningElsewhere));
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return results;
}

/** When the daily run starts: 00:30 Beijing time (after the day's due dates have turned). */
export const DUE_PROCESSING_TIME = { hour: 0, minute: 30, tz: "Asia/Shanghai", cron: "30 0 * * *" } as const;

export interface DueRunRow {
  id: string;
  runDate: string;
  status: string;
  step: string;
  attempts: number;
  progress: Record<string, StepProgress>;
  startedAt: Date;
  finishedAt: Date | null;
}

/** One operator's due runs, newest date first (the finance page). */
export async function listDueRuns(db: DbOrTx, input: { operatorId: string; limit?: number }): Promise<DueRunRow[]> {
  const rows = await db
    .select()
    .from(dueRuns)
    .where(eq(dueRuns.operatorId, input.operatorId))
    .orderBy(desc(dueRuns.runDate))
    .limit(input.limit ?? 60);
  return rows.map((r) => ({
    id: r.id,
    runDate: r.runDate,
    status: r.status,
    step: r.step,
    attempts: r.attempts,
    progress: r.progress as Record<string, StepProgress>,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  }));
}
