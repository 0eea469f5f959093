import { describe, expect, it } from "vitest";
import { beijingDate, chineseDate, endOfBeijingDay, isCalendarDate, startOfBeijingDay } from "./calendar";

describe("Beijing calendar days", () => {
  it("start at 16:00 UTC the day before and end a millisecond before the next", () => {
    expect(startOfBeijingDay("2026-11-21").toISOString()).toBe("2026-11-20T16:00:00.000Z");
    expect(endOfBeijingDay("2026-11-21").toISOString()).toBe("2026-11-21T15:59:59.999Z");
  });

  it("tells today's date in Beijing from an instant", () => {
    expect(beijingDate(new Date("2026-11-21T15:59:59Z"))).toBe("2026-11-21");
    expect(beijingDate(new Date("2026-11-21T16:00:00Z"))).toBe("2026-11-22");
  });

  it("accepts only real dates", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-1-5")).toBe(false);
    expect(() => startOfBeijingDay("yesterday")).toThrow();
  });
});

describe("chineseDate", () => {
  it("writes a calendar date as Chinese documents do, without leading zeros", () => {
    expect(chineseDate("2026-12-04")).toBe("2026年12月4日");
    expect(chineseDate("2027-10-31")).toBe("2027年10月31日");
  });
  it("refuses what is not a calendar date", () => {
    expect(() => chineseDate("2026-02-30")).toThrow();
    expect(() => chineseDate("4 Dec")).toThrow();
  });
});
