/**
 * Throwaway PostgreSQL clusters from the server binaries of this machine (Debian's
 * postgresql-15: initdb, pg_ctl, pg_basebackup), for the read-replica test: a primary of its
 * own and a streaming replica of it. Test helper only.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { freePort } from "./free-port";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const hasServerBinaries = () => ["initdb", "pg_ctl", "pg_basebackup"].every((b) => existsSync(path.join(PG_BIN, b)));

export interface Cluster {
  port: number;
  dir: string;
  url(database?: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it (if running) and removes its directory. */
  destroy(): Promise<void>;
}

/** Runs a server binary as the postgres user when we are root (PostgreSQL refuses to run as root). */
async function pgCommand(binary: string, args: string[]): Promise<string> {
  const full = path.join(PG_BIN, binary);
  const asRoot = process.getuid?.() === 0;
  const { stdout } = asRoot ? await run("runuser", ["-u", "postgres", "--", full, ...args], { timeout: 120_000 }) : await run(full, args, { timeout: 120_000 });
  return stdout;
}

function newDir(prefix: string): string {
  const parent = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(parent, 0o777);
  return path.join(parent, "data");
}

function cluster(dir: string, port: number): Cluster {
  const options = `-p ${port} -k '' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const self: Cluster = {
    port,
    dir,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: async () => void (await pgCommand("pg_ctl", ["-D", dir, "-o", options, "-w", "-l", `${dir}.log`, "start"])),
    stop: async () => void (await pgCommand("pg_ctl", ["-D", dir, "-m", "fast", "-w", "stop"]).catch(() => "")),
    async destroy() {
      await self.stop();
      rmSync(path.dirname(dir), { recursive: true, force: true });
    },
  };
  return self;
}

/** A new primary cluster on a free port, trust authentication on 127.0.0.1 (replication included). */
export async function startPrimary(): Promise<Cluster> {
  const dir = newDir("pg-primary-");
  await pgCommand("initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const primary = cluster(dir, await freePort());
  await primary.start();
  return primary;
}

/** A streaming replica of `primary` (pg_basebackup -R), started on a free port. */
export async function startReplica(primary: Cluster): Promise<Cluster> {
  const dir = newDir("pg-replica-");
  await pgCommand("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", dir, "-R", "-X", "stream", "--no-sync"]);
  const replica = cluster(dir, await freePort());
  await replica.start();
  return replica;
}
