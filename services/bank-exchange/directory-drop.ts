import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";

/**
 * File exchange with the custody bank through a mounted drop directory (the bank's SFTP
 * server mounted, or a directory its gateway syncs), the way Chinese custody banks exchange
 * batch files: we write into `outbound/`, the bank writes into `inbound/`.
 *
 * - Every data file has a sidecar `<name>.sha256` holding its SHA-256 in hex; the sidecar is
 *   written last, so a file without one (or whose bytes do not match it) is still being
 *   written or was damaged, and is not picked up.
 * - Writes go to a `.part` name, are flushed to disk, then renamed: the other side never sees
 *   half a file. Writing the same name again with the same bytes is a no-op; with other bytes
 *   it is refused (a file name is an instruction that must never change).
 * - Pick-up is at-least-once: a file stays in `inbound/` until the caller has booked it and
 *   calls `markProcessed`, which moves it to `inbound/processed/`. A crash between booking and
 *   moving delivers it again; the caller's import is idempotent by name and checksum.
 */
export const CHECKSUM_SUFFIX = ".sha256";
/** A file name the bank and we agree on: letters, digits, dot, dash, underscore. */
export const DROP_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$/;
/** No file of the exchange comes near this; a larger one is refused, not read into memory. */
export const MAX_DROP_FILE_BYTES = 64 * 1024 * 1024;

export interface DropFile {
  name: string;
  sha256: string;
  bytes: Uint8Array;
}

export class DropError extends Error {
  constructor(
    readonly code: "BAD_NAME" | "NAME_REUSED" | "CHECKSUM_MISMATCH" | "TOO_LARGE",
    message: string,
  ) {
    super(message);
    this.name = "DropError";
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function checkName(name: string) {
  if (!DROP_FILE_NAME.test(name) || name.endsWith(CHECKSUM_SUFFIX) || name.endsWith(".part")) throw new DropError("BAD_NAME", `not a drop file name: ${name}`);
}

async function readIfExists(file: string): Promise<Buffer | null> {
  return readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
}

async function writeDurably(file: string, bytes: Uint8Array) {
  const part = `${file}.part`;
  const handle = await open(part, "w", 0o640);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(part, file);
}

export interface DirectoryDrop {
  /** Places a file for the bank; idempotent for the same bytes. Returns its checksum. */
  send(name: string, bytes: Uint8Array): Promise<string>;
  /**
   * Complete files the bank has left for us and we have not marked processed, by name; a file
   * too large or not matching its checksum is listed apart (and stays for a person to look at)
   * so it does not hold up the others.
   */
  receive(filter?: RegExp): Promise<{ files: DropFile[]; refused: Array<{ name: string; error: DropError }> }>;
  markProcessed(name: string): Promise<void>;
}

export function createDirectoryDrop(root: string): DirectoryDrop {
  const outbound = path.join(root, "outbound");
  const inbound = path.join(root, "inbound");
  const processed = path.join(inbound, "processed");
  return {
    async send(name, bytes) {
      checkName(name);
      await mkdir(outbound, { recursive: true });
      const sha = sha256Hex(bytes);
      const existing = await readIfExists(path.join(outbound, name + CHECKSUM_SUFFIX));
      if (existing !== null) {
        if (existing.toString("utf8").trim() !== sha) throw new DropError("NAME_REUSED", `${name} was already sent with other content`);
        return sha;
      }
      await writeDurably(path.join(outbound, name), bytes);
      await writeDurably(path.join(outbound, name + CHECKSUM_SUFFIX), Buffer.from(`${sha}\n`));
      return sha;
    },
    async receive(filter) {
      await mkdir(inbound, { recursive: true });
      const names = (await readdir(inbound)).filter((n) => n.endsWith(CHECKSUM_SUFFIX)).map((n) => n.slice(0, -CHECKSUM_SUFFIX.length));
      const files: DropFile[] = [];
      const refused: Array<{ name: string; error: DropError }> = [];
      for (const name of names.sort()) {
        if (!DROP_FILE_NAME.test(name) || (filter && !filter.test(name))) continue;
        const file = path.join(inbound, name);
        const info = await stat(file).catch(() => null);
        if (!info) continue;
        if (info.size > MAX_DROP_FILE_BYTES) {
          refused.push({ name, error: new DropError("TOO_LARGE", `${name} is ${info.size} bytes`) });
          continue;
        }
        const bytes = await readFile(file);
        const expected = (await readFile(file + CHECKSUM_SUFFIX, "utf8")).trim();
        if (sha256Hex(bytes) === expected) files.push({ name, sha256: expected, bytes });
        else refused.push({ name, error: new DropError("CHECKSUM_MISMATCH", `${name} does not match its checksum`) });
      }
      return { files, refused };
    },
    async markProcessed(name) {
      checkName(name);
      await mkdir(processed, { recursive: true });
      for (const n of [name, name + CHECKSUM_SUFFIX]) {
        await rename(path.join(inbound, n), path.join(processed, n)).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== "ENOENT") throw e; // already moved: a second pick-up after a crash
        });
      }
    },
  };
}
