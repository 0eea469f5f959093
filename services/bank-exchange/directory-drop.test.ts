import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDirectoryDrop, DropError, sha256Hex } from "./directory-drop";

const text = (s: string) => Buffer.from(s, "utf8");
function root() {
  return mkdtempSync(path.join(tmpdir(), "drop-"));
}
/** What the bank's side does: the file, then its checksum sidecar. */
function bankWrites(dir: string, name: string, content: string, checksum = sha256Hex(text(content))) {
  mkdirSync(path.join(dir, "inbound"), { recursive: true });
  writeFileSync(path.join(dir, "inbound", name), content);
  writeFileSync(path.join(dir, "inbound", `${name}.sha256`), `${checksum}\n`);
}

describe("custody bank drop directory", () => {
  it("sends a file with its checksum sidecar; sending the same bytes again is a no-op", async () => {
    const dir = root();
    const drop = createDirectoryDrop(dir);
    const sha = await drop.send("payout-unicom-20261203-1.csv", text("a,b\r\n1,2\r\n"));
    expect(readFileSync(path.join(dir, "outbound", "payout-unicom-20261203-1.csv.sha256"), "utf8")).toBe(`${sha}\n`);
    expect(await drop.send("payout-unicom-20261203-1.csv", text("a,b\r\n1,2\r\n"))).toBe(sha);
    expect(readdirSync(path.join(dir, "outbound")).sort()).toEqual(["payout-unicom-20261203-1.csv", "payout-unicom-20261203-1.csv.sha256"]);
  });

  it("refuses to send other content under a name already sent, and bad names", async () => {
    const drop = createDirectoryDrop(root());
    await drop.send("payout-1.csv", text("one"));
    await expect(drop.send("payout-1.csv", text("two"))).rejects.toMatchObject({ code: "NAME_REUSED" });
    await expect(drop.send("../escape.csv", text("x"))).rejects.toBeInstanceOf(DropError);
    await expect(drop.send("x.csv.sha256", text("x"))).rejects.toMatchObject({ code: "BAD_NAME" });
  });

  it("picks up only complete files, at least once until marked processed", async () => {
    const dir = root();
    const drop = createDirectoryDrop(dir);
    bankWrites(dir, "custody-statement-20261203.csv", "value_date\r\n");
    writeFileSync(path.join(dir, "inbound", "custody-statement-20261204.csv"), "still being written"); // no sidecar yet
    const first = await drop.receive(/^custody-statement-/);
    expect(first.files.map((f) => f.name)).toEqual(["custody-statement-20261203.csv"]);
    expect(first.files[0]!.bytes.toString()).toBe("value_date\r\n");
    // A crash before markProcessed: the same file comes again.
    expect((await drop.receive()).files.map((f) => f.name)).toEqual(["custody-statement-20261203.csv"]);
    await drop.markProcessed("custody-statement-20261203.csv");
    await drop.markProcessed("custody-statement-20261203.csv"); // twice is harmless
    expect(await drop.receive()).toEqual({ files: [], refused: [] });
    expect(readdirSync(path.join(dir, "inbound", "processed")).sort()).toEqual(["custody-statement-20261203.csv", "custody-statement-20261203.csv.sha256"]);
  });

  it("sets apart a file whose bytes do not match its checksum, without holding up the others", async () => {
    const dir = root();
    bankWrites(dir, "passbook-result-unicom-20261203-1.csv", "damaged", sha256Hex(text("original")));
    bankWrites(dir, "passbook-result-unicom-20261203-2.csv", "fine");
    const { files, refused } = await createDirectoryDrop(dir).receive();
    expect(files.map((f) => f.name)).toEqual(["passbook-result-unicom-20261203-2.csv"]);
    expect(refused).toEqual([{ name: "passbook-result-unicom-20261203-1.csv", error: expect.objectContaining({ code: "CHECKSUM_MISMATCH" }) }]);
  });
});
