import { Cny } from "../ledger/money";
import type { CollectorStats } from "./collection-stats";
import { BUCKETS } from "./list-case-queue";

/** A zero count for every bucket. */
export const emptyBuckets = () => Object.fromEntries(BUCKETS.map((b) => [b, 0])) as CollectorStats["byBucket"];

/** The team's figures: every collector's added up (amounts in decimal). */
export function teamTotals(perCollector: readonly CollectorStats[]): Omit<CollectorStats, "userId" | "name" | "team"> {
  const team: Omit<CollectorStats, "userId" | "name" | "team"> = {
    openCases: 0,
    byBucket: emptyBuckets(),
    recovered: "0.00",
    contactsToday: 0,
    contactsThisMonth: 0,
    promisesKept: 0,
    promisesBroken: 0,
    promisesPending: 0,
  };
  let teamRecovered = new Cny(0);
  for (const s of perCollector) {
    team.openCases += s.openCases;
    for (const b of BUCKETS) team.byBucket[b] += s.byBucket[b];
    teamRecovered = teamRecovered.plus(s.recovered);
    team.contactsToday += s.contactsToday;
    team.contactsThisMonth += s.contactsThisMonth;
    team.promisesKept += s.promisesKept;
    team.promisesBroken += s.promisesBroken;
    team.promisesPending += s.promisesPending;
  }
  team.recovered = teamRecovered.toFixed(2);
  return team;
}
