// What bench:pages and bench:http share: build and start a portal with demo data on a throwaway
// database (PostgreSQL when DATABASE_URL is set, else PGlite in a temporary folder), sign demo
// people in through the pages as a person would, and stop it all afterwards.
// BENCH_APP_DIR measures another checkout (e.g. the base commit) with the same script.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const APP_DIR = path.resolve(process.env.BENCH_APP_DIR ?? ".");
export const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

export interface Portal {
  origin: string;
  databaseKind: "postgres" | "pglite";
  /** The PostgreSQL database it uses (a second instance may share it). */
  databaseUrl: string | null;
  stop(): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(command, args, { cwd: APP_DIR, env, stdio: "ignore" });
  return new Promise((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed`)))));
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited (${child.exitCode}) before it was healthy`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy`);
}

/** A throwaway PostgreSQL database beside DATABASE_URL's, dropped by the returned function. */
async function throwawayDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${process.env.TEST_DB_PREFIX ?? ""}bench_${process.pid}_${Date.now()}`.toLowerCase();
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

/**
 * Builds the app (production) and starts `node server.js` on `port` with fresh demo data.
 * `sameDatabaseAs`: another instance on that portal's database (no build, no new database);
 * `env`: extra settings (a pooler's DATABASE_URL, say).
 */
export async function startPortal(port: number, options: { sameDatabaseAs?: Portal; env?: Record<string, string> } = {}): Promise<Portal> {
  const env = { ...process.env, NODE_ENV: "production" } as NodeJS.ProcessEnv;
  if (!options.sameDatabaseAs) await run("npx", ["remix", "build"], env);
  const dataDir = mkdtempSync(path.join(tmpdir(), "lp-bench-"));
  const shared = options.sameDatabaseAs?.databaseUrl;
  const database = shared ? { url: shared, drop: async () => {} } : process.env.DATABASE_URL ? await throwawayDatabase(process.env.DATABASE_URL) : null;
  const server = spawn("node", ["server.js"], {
    cwd: APP_DIR,
    env: { ...env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: database?.url ?? "", OPERATOR_IDP: "off", BACKGROUND_JOBS: "off", ...options.env } as NodeJS.ProcessEnv,
    stdio: "ignore",
  });
  const origin = `http://localhost:${port}`;
  try {
    await waitForHealthy(`${origin}/healthz`, server, 120_000);
  } catch (error) {
    server.kill();
    await database?.drop();
    throw error;
  }
  return {
    origin,
    databaseKind: database ? "postgres" : "pglite",
    databaseUrl: database?.url ?? null,
    async stop() {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill();
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run"] });
}

/** Signs a demo person in by SMS code (read from the sandbox outbox) in `context`, as a person would. */
export async function signIn(context: BrowserContext, origin: string, phone: string): Promise<void> {
  const page = await context.newPage();
  const base = `${origin}/o/unicom`;
  await page.goto(`${base}/login`);
  await page.getByLabel(/手机号/).fill(phone);
  await page.getByRole("button", { name: /获取验证码/ }).click();
  await page.getByTestId("code-sent").waitFor();
  const outbox = await context.newPage();
  await outbox.goto(`${base}/dev/sms`);
  const body = await outbox.locator(`[data-phone="${phone}"] [data-testid="sms-body"]`).first().textContent();
  await outbox.close();
  await page.getByLabel(/^验证码$/).fill(/(\d{6})/.exec(body ?? "")![1]!);
  await page.getByRole("button", { name: /^登录$/ }).click();
  await page.getByTestId("signed-in").waitFor();
  await page.close();
}

/** The Cookie header a signed-in context sends to the portal. */
export async function cookieHeader(context: BrowserContext, origin: string): Promise<string> {
  return (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** `met` or `not met`, for the printed tables. */
export function verdict(met: boolean): string {
  return met ? "met" : "NOT MET";
}
