/**
 * A throwaway pgbouncer (Debian's `pgbouncer` package) in front of the DATABASE_URL server, for
 * tests and benchmarks that must go through a real transaction pooler. Test and bench helper
 * only; production runs its own pooler (docs/scale-out.md).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "./free-port";
import { tmpdir } from "node:os";
import path from "node:path";

export const PGBOUNCER_BINARY = process.env.PGBOUNCER_PATH ?? "/usr/sbin/pgbouncer";

export interface Pgbouncer {
  /** DATABASE_URL with host and port of the pooler instead of the server's. */
  urlFor(serverUrl: string): string;
  stop(): Promise<void>;
}

/** Starts pgbouncer in `pool_mode = transaction` with `serverPoolSize` server connections per database. */
export async function startPgbouncer(serverUrl: string, options: { serverPoolSize: number }): Promise<Pgbouncer> {
  if (!existsSync(PGBOUNCER_BINARY)) throw new Error(`pgbouncer not found at ${PGBOUNCER_BINARY} (apt-get install pgbouncer)`);
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "pgbouncer-"));
  chmodSync(dir, 0o777); // pgbouncer drops root for the postgres user, who writes its pid file here
  const user = decodeURIComponent(server.username || "postgres");
  writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`, { mode: 0o644 });
  const ini = [
    "[databases]",
    `* = host=${server.hostname} port=${server.port || 5432}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${path.join(dir, "users.txt")}`,
    "pool_mode = transaction",
    `default_pool_size = ${options.serverPoolSize}`,
    "max_client_conn = 500",
    // postgres.js sends these at startup; pgbouncer would refuse the connection otherwise.
    "ignore_startup_parameters = extra_float_digits,options,application_name",
    `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
    "",
  ].join("\n");
  writeFileSync(path.join(dir, "pgbouncer.ini"), ini, { mode: 0o644 });
  // pgbouncer refuses to run as root; -u switches to an ordinary user first.
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(PGBOUNCER_BINARY, [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += String(chunk)));
  await waitForPort(port, child, () => stderr);
  return {
    urlFor(url: string) {
      const through = new URL(url);
      through.hostname = "127.0.0.1";
      through.port = String(port);
      return through.toString();
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const { connect } = await import("node:net");
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}): ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.end(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pgbouncer did not listen on ${port}: ${log()}`);
}
