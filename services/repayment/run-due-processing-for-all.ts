import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
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

/** Earlier dates whose run was cut off (the process killed mid-step) are finished by the next check, this far back. */
export const RESUME_INTERRUPTED_RUNS_DAYS = 7;
/** A run still `running` after this long without finishing was cut off (a day's run takes minutes, not this). */
export const INTERRUPTED_RUN_AFTER_MS = 30 * 60_000;

/**
 * The in-process scheduler's check (embedded database, no pg-boss): first it finishes any
 * run of the last RESUME_INTERRUPTED_RUNS_DAYS days that was cut off (still `running` after
 * INTERRUPTED_RUN_AFTER_MS), then, once it is past the daily time in Beijing, today's run is
 * started for every operator whose run is not done. Returns the operators it ran for.
 */
export async function ensureTodaysDueProcessing(
  db: Db,
  input: { now?: Date; notBefore?: { hour: number; minute: number }; deps: DueProcessingDeps },
): Promise<OperatorDueRun[]> {
  const now = input.now ?? new Date();
  const resumed = await resumeInterruptedRuns(db, { now, deps: input.deps });
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
    results.push(...(await runDueProcessingForAll(db, { date, operatorSlug: operator.slug, now, deps: input.deps })));
  }
  return results;
}

/** Finishes the cut-off runs of earlier dates (each run resumes at its first unfinished step). */
async function resumeInterruptedRuns(db: Db, input: { now: Date; deps: DueProcessingDeps }): Promise<OperatorDueRun[]> {
  const today = beijingDate(input.now);
  const stuck = await db
    .select({ date: dueRuns.runDate, slug: operators.slug })
    .from(dueRuns)
    .innerJoin(operators, eq(operators.id, dueRuns.operatorId))
    .where(and(eq(dueRuns.status, "running"), lt(dueRuns.runDate, today), gte(dueRuns.runDate, addDays(today, -RESUME_INTERRUPTED_RUNS_DAYS)), lt(dueRuns.startedAt, new Date(input.now.getTime() - INTERRUPTED_RUN_AFTER_MS))))
    .orderBy(dueRuns.runDate, operators.slug);
  const results: OperatorDueRun[] = [];
  for (const run of stuck) results.push(...(await runDueProcessingForAll(db, { date: run.date, operatorSlug: run.slug, now: input.now, deps: input.deps })));
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
