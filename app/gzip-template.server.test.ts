import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fillGzip, gzipTemplate } from "./gzip-template.server";

describe("gzip templates", () => {
  it("answer valid gzip of the text with each hole filled, whatever the values", () => {
    const page = `<!doctype html><html lang="zh-CN"><body>${"<p>投资列表 · 剩余可投 ¥8,000.00</p>".repeat(200)}<form><input name="_csrf" value="`;
    const texts = [page, `"></form><script nonce="`, `">h()</script>${"<li>养殖贷</li>".repeat(50)}</body></html>`];
    const template = gzipTemplate(texts);
    for (const values of [["aliceaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "n0nce=="], ["b", ""], ["x".repeat(300), "中文"]]) {
      const gz = fillGzip(template, values);
      expect(gunzipSync(gz).toString()).toBe(texts[0] + values[0]! + texts[1] + values[1]! + texts[2]);
    }
    expect(fillGzip(template, ["t", "n"]).length).toBeLessThan(Buffer.byteLength(texts.join("")) / 3);
  });

  it("handles empty texts and a page without holes", () => {
    expect(gunzipSync(fillGzip(gzipTemplate(["", "", ""]), ["a", "b"])).toString()).toBe("ab");
    expect(gunzipSync(fillGzip(gzipTemplate(["only text"]), [])).toString()).toBe("only text");
    expect(() => fillGzip(gzipTemplate(["a", "b"]), [])).toThrow();
  });
});
