import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, toCsv } from "./csv";

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

describe("parseCsv", () => {
  it("drops a BOM, reads CRLF and LF, and keeps each record's line and text", () => {
    expect(parseCsv("\uFEFFa,b\r\n1,2\n3,\r\n")).toEqual([
      { line: 1, cells: ["a", "b"], raw: "a,b" },
      { line: 2, cells: ["1", "2"], raw: "1,2" },
      { line: 3, cells: ["3", ""], raw: "3," },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    const records = parseCsv('x,"张三, ""老张""",""\r\n"two\nlines",y\r\nlast,z');
    expect(records.map((record) => record.cells)).toEqual([
      ["x", '张三, "老张"', ""],
      ["two\nlines", "y"],
      ["last", "z"],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it("reads what toCsv writes", () => {
    const rows = [["日期", "摘要"], ["2026-11-21", 'a,"b"\r\nc']];
    expect(parseCsv(toCsv(rows)).map((record) => record.cells)).toEqual(rows);
  });

  it("gives an empty text no records and a blank line one empty cell", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
    expect(parseCsv("a\r\n\r\nb").map((record) => record.cells)).toEqual([["a"], [""], ["b"]]);
  });

  it("refuses an unterminated quote and a quote inside a bare field", () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\nc,d"e\n')).toThrow(expect.objectContaining({ line: 2, reason: "stray_quote" }));
    expect(() => parseCsv('"a"b,c')).toThrow(CsvSyntaxError);
  });
});
