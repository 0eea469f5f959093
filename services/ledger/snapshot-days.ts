import { sql, type SQL } from "drizzle-orm";
import { addDays, daysBetween } from "../shared/calendar";
import { SNAPSHOT_CHECKPOINT_EVERY_DAYS } from "./limits";

/** A Sunday: checkpoint days are this day plus whole multiples of SNAPSHOT_CHECKPOINT_EVERY_DAYS. */
export const CHECKPOINT_ORIGIN = "2000-01-02";

/** The latest checkpoint day on or before `day` (YYYY-MM-DD); no database. */
export function checkpointOnOrBefore(day: string): string {
  const since = daysBetween(CHECKPOINT_ORIGIN, day);
  const remainder = ((since % SNAPSHOT_CHECKPOINT_EVERY_DAYS) + SNAPSHOT_CHECKPOINT_EVERY_DAYS) % SNAPSHOT_CHECKPOINT_EVERY_DAYS;
  return addDays(day, -remainder);
}

export function isCheckpointDay(day: string): boolean {
  return checkpointOnOrBefore(day) === day;
}

/** The earlier of two calendar dates. */
export function earlierDay(a: string, b: string): string {
  return a <= b ? a : b;
}

/** First instant after `day` ends (Beijing), as SQL: postings created before it are in that day's snapshot. */
export function dayEndSql(day: string): SQL {
  return sql`ledger_day_start(${addDays(day, 1)}::date)`;
}
