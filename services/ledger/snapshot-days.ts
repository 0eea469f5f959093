import { sql, type SQL } from "drizzle-orm";
import { addDays } from "../shared/calendar";

/** The earlier of two calendar dates. */
export function earlierDay(a: string, b: string): string {
  return a <= b ? a : b;
}

/** First instant after `day` ends (Beijing), as SQL: postings created before it are in that day's snapshot. */
export function dayEndSql(day: string): SQL {
  return sql`ledger_day_start(${addDays(day, 1)}::date)`;
}
