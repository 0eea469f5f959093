import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { dueRuns, operators } from "../../db/schema";
import { addDays } from "../shared/calendar";

/**
 * Where a simulation starts. Due processing runs each date once per operator, so a run
 * over dates an earlier run already simulated would leave its new loans unprocessed on
 * them: by default a run starts `days` before today, or the day after the last simulated
 * date when that is later (a second run, or one after a run killed half-way, continues the
 * history). A start asked for explicitly that overlaps the history is refused, naming the
 * first free date.
 */
export async function chooseStartDate(
  db: DbOrTx,
  input: { operatorSlug: string; days: number; today: string; requested?: string },
): Promise<{ start: string; continuesAfter: string | null }> {
  const [last] = await db
    .select({ date: dueRuns.runDate })
    .from(dueRuns)
    .innerJoin(operators, eq(operators.id, dueRuns.operatorId))
    .where(and(eq(operators.slug, input.operatorSlug)))
    .orderBy(desc(dueRuns.runDate))
    .limit(1);
  const firstFree = last ? addDays(last.date, 1) : null;
  if (input.requested) {
    if (firstFree && input.requested < firstFree) throw new Error(`${input.operatorSlug} is simulated up to ${last!.date}; start on ${firstFree} or later (--start ${firstFree})`);
    return { start: input.requested, continuesAfter: null };
  }
  const fallback = addDays(input.today, -input.days);
  if (firstFree && firstFree > fallback) return { start: firstFree, continuesAfter: last!.date };
  return { start: fallback, continuesAfter: null };
}
