// Date query parameters as Beijing days: the finance console's filters and statements, and the
// investor's statement (app/routes/invest).
import { addDays, beijingDate, endOfBeijingDay, isAskableDate, startOfBeijingDay } from "../services/shared/calendar";

/** A YYYY-MM-DD query parameter, or null when absent or not a date a person may ask for. */
export function dateParam(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  return value && isAskableDate(value) ? value : null;
}

export { addDays, beijingDate, endOfBeijingDay, isAskableDate, startOfBeijingDay };

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
