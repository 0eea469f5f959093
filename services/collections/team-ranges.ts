import { DomainError } from "../shared/errors";

/** Highest day a range may name: ten years past due is far beyond any loan's write-off. */
export const MAX_RANGE_DAY = 3650;

export interface TeamRange {
  teamId: string;
  minDays: number;
  /** Null: and onward. */
  maxDays: number | null;
}

/** The form field of a team's range bound, so the error shows beside it. */
export const rangeField = (teamId: string, bound: "min" | "max") => `${bound}Days.${teamId}`;

/**
 * An operator's team ranges, all at once: whole days from 1 to MAX_RANGE_DAY, no overlap,
 * no gap, starting at day 1 and open-ended (no upper bound) on the last one — so every
 * overdue day has exactly one team. The first problem found is thrown, on the field to fix.
 */
export function checkTeamRanges(ranges: readonly TeamRange[]): TeamRange[] {
  for (const r of ranges) {
    if (!Number.isInteger(r.minDays) || r.minDays < 1 || r.minDays > MAX_RANGE_DAY) {
      throw new DomainError("collections.team_range_invalid", { field: rangeField(r.teamId, "min"), details: { max: MAX_RANGE_DAY } });
    }
    if (r.maxDays !== null && (!Number.isInteger(r.maxDays) || r.maxDays < r.minDays || r.maxDays > MAX_RANGE_DAY)) {
      throw new DomainError("collections.team_range_invalid", { field: rangeField(r.teamId, "max"), details: { max: MAX_RANGE_DAY } });
    }
  }
  const sorted = [...ranges].sort((a, b) => a.minDays - b.minDays);
  const first = sorted[0];
  if (!first) return sorted;
  if (first.minDays !== 1) throw new DomainError("collections.team_range_start", { field: rangeField(first.teamId, "min") });
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1]!;
    const here = sorted[i]!;
    if (before.maxDays === null || here.minDays <= before.maxDays) {
      throw new DomainError("collections.team_range_overlap", { field: rangeField(here.teamId, "min"), details: { day: here.minDays } });
    }
    if (here.minDays > before.maxDays + 1) {
      throw new DomainError("collections.team_range_gap", { field: rangeField(here.teamId, "min"), details: { from: before.maxDays + 1, to: here.minDays - 1 } });
    }
  }
  const last = sorted.at(-1)!;
  if (last.maxDays !== null) throw new DomainError("collections.team_range_open_end", { field: rangeField(last.teamId, "max"), details: { day: last.maxDays + 1 } });
  return sorted;
}
