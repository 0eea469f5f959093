import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

const run = promisify(execFile);

/**
 * A portal of its own, started the way a newcomer starts one on a fresh machine: a fresh
 * database — a temporary DATA_DIR (embedded PGlite), or, when DATABASE_URL is set (CI), a
 * new database created on that server and dropped afterwards —, the onboarding commands run
 * against it, then `node server.js` (the build the shared e2e web server made) without demo
 * data or the sandbox operator sign-on, on a free port.
 */
export interface FreshPortal {
  url: string;
  /** The environment the portal and the commands run with (DATA_DIR or DATABASE_URL). */
  env: NodeJS.ProcessEnv;
  /** `npm run -s <script> -- <args>` against this portal's database; its stdout. */
  npm(script: string, args?: readonly string[]): Promise<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the portal and removes its database. */
  dispose(): Promise<void>;
}

export async function createFreshDatabase(namePrefix = "onboarding"): Promise<{ env: NodeJS.ProcessEnv; drop(): Promise<void> }> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  // Nothing of the shared e2e server's settings leaks in.
  for (const name of ["DATABASE_URL", "DATA_DIR", "PORT", "SEED_DEMO_DATA", "OPERATOR_IDP", "APP_ENV", "NODE_ENV"]) delete base[name];
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    // TEST_DB_PREFIX (as the database tests use it) keeps a helper's databases apart on a shared server.
    const name = `${process.env.TEST_DB_PREFIX ?? ""}${namePrefix}_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      env: { ...base, DATABASE_URL: url.toString() },
      async drop() {
        const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
        await sql.unsafe(`drop database if exists ${name} with (force)`);
        await sql.end();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), `${namePrefix}-`));
  return { env: { ...base, DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
}

/** `preferred` if nothing listens there, else a port the system picks. */
async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "0.0.0.0", () => {
        const address = server.address();
        const chosen = typeof address === "object" && address ? address.port : null;
        server.close(() => resolve(chosen));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0))!;
}

/**
 * With `demoData`, the portal seeds the demo operators and people at its first start, as `npm start` does.
 * With `sameDatabaseAs`, a second instance on another portal's database (dispose leaves the database to it).
 */
export async function freshPortal(options: { preferredPort: number; demoData?: boolean; databaseName?: string; env?: Record<string, string>; sameDatabaseAs?: FreshPortal }): Promise<FreshPortal> {
  const shared = options.sameDatabaseAs;
  const database = shared
    ? { env: Object.fromEntries(Object.entries(shared.env).filter(([name]) => name !== "PORT")) as NodeJS.ProcessEnv, drop: async () => {} }
    : await createFreshDatabase(options.databaseName);
  const port = await freePort(options.preferredPort);
  const env: NodeJS.ProcessEnv = { ...database.env, PORT: String(port), OPERATOR_IDP: "off", SEED_DEMO_DATA: options.demoData ? "1" : "0", ...options.env };
  const url = `http://localhost:${port}`;
  let server: ChildProcess | null = null;
  let output = "";

  const portal: FreshPortal = {
    url,
    env,
    async npm(script, args = []) {
      try {
        const { stdout } = await run("npm", ["run", "-s", script, "--", ...args], { env, encoding: "utf8", timeout: 90_000 });
        return stdout;
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(`npm run -s ${script} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
      }
    },
    async start() {
      server = spawn(process.execPath, ["server.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
      server.stdout!.on("data", (chunk) => (output += chunk));
      server.stderr!.on("data", (chunk) => (output += chunk));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (server.exitCode !== null) throw new Error(`the portal exited (${server.exitCode}):\n${output}`);
        const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
        if (ok) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`the portal did not answer ${url}/healthz within 60 s:\n${output}`);
    },
    async stop() {
      const child = server;
      server = null;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async dispose() {
      await portal.stop();
      await database.drop();
    },
  };
  return portal;
}
