import { describe, expect, it } from "vitest";
import { dateParam } from "./finance.server";

describe("dateParam", () => {
  const ask = (value: string) => dateParam(new URL(`http://x/?asOf=${value}`), "asOf");
  it("takes a calendar day a link may ask for", () => {
    expect(ask("2026-12-04")).toBe("2026-12-04");
  });
  it("treats days PostgreSQL cannot take the next day of, or before the books, as absent", () => {
    // 9999-12-31 once reached a 500: its next day is year 10000 ("time zone displacement out of range").
    expect(ask("9999-12-31")).toBeNull();
    expect(ask("1899-01-01")).toBeNull();
    expect(ask("2026-02-30")).toBeNull();
  });
});
