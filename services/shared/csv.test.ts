import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("starts with a BOM, quotes text, keeps amounts numeric and uses CRLF", () => {
    const csv = toCsv([
      ["日期", "摘要", "金额"],
      ["2026-11-21", '充值 "门店"', { amount: "-1234.50" }],
    ]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('"日期","摘要","金额"\r\n"2026-11-21","充值 ""门店""",-1234.50\r\n');
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(toCsv([["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "ok"]])).toBe(
      '\uFEFF"\'=HYPERLINK(""x"")","\'+1","\'-2","\'@SUM(A1)","ok"\r\n',
    );
  });

  it("refuses an amount cell that is not a number", () => {
    expect(() => toCsv([[{ amount: "1,000.00" }]])).toThrow();
  });
});
