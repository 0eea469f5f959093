import { endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import type { ItemRange } from "./statement-channel";

/** Beijing days `fromDate`..`toDate` (inclusive) as an item range. */
export function itemRange(operatorId: string, fromDate: string, toDate: string = fromDate): ItemRange {
  return { operatorId, fromDate, toDate, from: startOfBeijingDay(fromDate), to: endOfBeijingDay(toDate) };
}
