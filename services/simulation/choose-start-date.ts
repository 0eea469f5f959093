import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { dueRuns, operators, statementImports } from "../../db/schema";
import { sandboxCustodyStatementFileName } from "../reconciliation";
import { addDays } from "../shared/calendar";

export interface StartDate {
  start: string;
  /** The last date an earlier run simulated, when this run continues its history. */
  continuesAfter: string | null;
  /** That last date was cut off half-way (its custody statement never came): this run does it again first. */
  finishesDay: string | null;
}

/**
 * Where a simulation starts. Due processing runs each date once per operator, so a run
 * over dates an earlier run already simulated would leave its new loans unprocessed on
 * them: by default a run starts `days` before today, or after the last simulated date when
 * that is later (a second run continues the history). A simulated day ends with the custody
 * bank's statement of the day imported; when the last date has none, the earlier run was
 * cut off during that day (killed, or it failed), and this run starts on it again, however
 * long ago that was: every
 * step of a day is safe to repeat (resumable due run, idempotent imports and payments, by
 * state), and the day's leftovers are finished (./resume-earlier-run.ts). A start asked for
 * explicitly that overlaps the history, or skips a day cut off half-way, is refused with
 * the date to use.
 */
export async function chooseStartDate(
  db: DbOrTx,
  input: { operatorSlug: string; days: number; today: string; requested?: string },
): Promise<StartDate> {
  const [last] = await db
    .select({ date: dueRuns.runDate, operatorId: dueRuns.operatorId })
    .from(dueRuns)
    .innerJoin(operators, eq(operators.id, dueRuns.operatorId))
    .where(eq(operators.slug, input.operatorSlug))
    .orderBy(desc(dueRuns.runDate))
    .limit(1);
  const halfDone = last ? !(await custodyStatementImported(db, last.operatorId, last.date)) : false;
  const firstFree = last ? (halfDone ? last.date : addDays(last.date, 1)) : null;
  if (input.requested) {
    if (firstFree && halfDone && input.requested !== firstFree) {
      throw new Error(`${input.operatorSlug}: the simulated day ${last!.date} was cut off half-way; run again without --start (or with --start ${firstFree}) to finish it first`);
    }
    if (firstFree && input.requested < firstFree) throw new Error(`${input.operatorSlug} is simulated up to ${last!.date}; start on ${firstFree} or later (--start ${firstFree})`);
    return { start: input.requested, continuesAfter: halfDone ? addDays(last!.date, -1) : null, finishesDay: halfDone ? last!.date : null };
  }
  if (halfDone) return { start: last!.date, continuesAfter: addDays(last!.date, -1), finishesDay: last!.date };
  const fallback = addDays(input.today, -input.days);
  if (firstFree && firstFree > fallback) return { start: firstFree, continuesAfter: last!.date, finishesDay: null };
  return { start: fallback, continuesAfter: null, finishesDay: null };
}

/** The sandbox bank's statement of the date was imported (by its file name: a day without lines has no dates). */
async function custodyStatementImported(db: DbOrTx, operatorId: string, date: string): Promise<boolean> {
  const found = await db
    .select({ id: statementImports.id })
    .from(statementImports)
    .where(and(eq(statementImports.operatorId, operatorId), eq(statementImports.source, "custody_statement"), eq(statementImports.fileName, sandboxCustodyStatementFileName(date))))
    .limit(1);
  return found.length > 0;
}
