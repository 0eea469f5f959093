import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { checkTeamRanges, type TeamRange } from "./team-ranges";

const fails = (ranges: TeamRange[]) => {
  try {
    checkTeamRanges(ranges);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field, details: error.details };
    throw error;
  }
  return null;
};

describe("checkTeamRanges", () => {
  it("accepts ranges that cover day 1 onward without overlap, in any order", () => {
    expect(fails([{ teamId: "s", minDays: 31, maxDays: null }, { teamId: "e", minDays: 1, maxDays: 30 }])).toBeNull();
    expect(fails([{ teamId: "only", minDays: 1, maxDays: null }])).toBeNull();
  });

  it("refuses a gap, an overlap, a late start and a closed end, on the field to fix", () => {
    expect(fails([{ teamId: "e", minDays: 1, maxDays: 30 }, { teamId: "s", minDays: 41, maxDays: null }])).toEqual({ code: "collections.team_range_gap", field: "minDays.s", details: { from: 31, to: 40 } });
    expect(fails([{ teamId: "e", minDays: 1, maxDays: 30 }, { teamId: "s", minDays: 20, maxDays: null }])).toMatchObject({ code: "collections.team_range_overlap", field: "minDays.s" });
    expect(fails([{ teamId: "e", minDays: 1, maxDays: null }, { teamId: "s", minDays: 31, maxDays: null }])).toMatchObject({ code: "collections.team_range_overlap", field: "minDays.s" });
    expect(fails([{ teamId: "e", minDays: 2, maxDays: 30 }, { teamId: "s", minDays: 31, maxDays: null }])).toMatchObject({ code: "collections.team_range_start", field: "minDays.e" });
    expect(fails([{ teamId: "e", minDays: 1, maxDays: 30 }, { teamId: "s", minDays: 31, maxDays: 90 }])).toMatchObject({ code: "collections.team_range_open_end", field: "maxDays.s", details: { day: 91 } });
  });

  it("refuses bounds that are not whole days from 1, or an end before the start", () => {
    expect(fails([{ teamId: "e", minDays: 0, maxDays: null }])).toMatchObject({ code: "collections.team_range_invalid", field: "minDays.e" });
    expect(fails([{ teamId: "e", minDays: 1.5, maxDays: null }])).toMatchObject({ code: "collections.team_range_invalid", field: "minDays.e" });
    expect(fails([{ teamId: "e", minDays: 10, maxDays: 5 }])).toMatchObject({ code: "collections.team_range_invalid", field: "maxDays.e" });
    expect(fails([{ teamId: "e", minDays: 1, maxDays: Number.NaN }])).toMatchObject({ code: "collections.team_range_invalid", field: "maxDays.e" });
  });
});
