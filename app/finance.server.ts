// Date query parameters as Beijing days: the finance console's filters and statements, and the
// investor's statement (app/routes/invest).
import { addDays, beijingDate, endOfBeijingDay, isCalendarDate, startOfBeijingDay } from "../services/shared/calendar";

/** A YYYY-MM-DD query parameter, or null when absent or not a real date. */
/**
 * Dates a link may ask for: the platform's books start after 2000 and a day past 2999 has no
 * next day PostgreSQL's time zone arithmetic can write (year 10000). Outside, as if absent.
 */
const EARLIEST_DATE = "2000-01-01";
const LATEST_DATE = "2999-12-31";

export function isAskableDate(value: string): boolean {
  return isCalendarDate(value) && value >= EARLIEST_DATE && value <= LATEST_DATE;
}

export function dateParam(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  return value && isAskableDate(value) ? value : null;
}

export { addDays, beijingDate, endOfBeijingDay, startOfBeijingDay };

/** The statement filters of a URL: from/to as Beijing days, the page cursor. */
export function statementRange(url: URL) {
  const from = dateParam(url, "from");
  const to = dateParam(url, "to");
  return {
    fromDate: from,
    toDate: to,
    from: from ? startOfBeijingDay(from) : null,
    to: to ? endOfBeijingDay(to) : null,
    cursor: url.searchParams.get("cursor"),
  };
}
