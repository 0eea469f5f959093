// Borrower-page budgets (README): ≤ 100 KiB of JavaScript (gzip) and main content painted within
// 2.5 s on a throttled 3G profile. Prints figures; it never fails on them.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";

const PORT = Number(process.env.BENCH_PORT ?? 3290);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Chrome DevTools' "Fast 3G" preset (the one Lighthouse used for mobile), with a 4× slower CPU.
const NETWORK = { latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8, offline: false };
const CPU_SLOWDOWN = 4;

/**
 * Page path → the Remix route ids that render it (root first). `borrower` pages are
 * measured signed in as the demo borrower (SMS code read from the sandbox outbox);
 * `{application}` is the draft the bench starts for them.
 */
const PAGES: Array<{ path: string; routes: string[]; borrower?: boolean }> = [
  { path: "/o/unicom", routes: ["root", "routes/o.$operator", "routes/o.$operator._index"] },
  { path: "/o/unicom/login", routes: ["root", "routes/o.$operator", "routes/o.$operator.login"] },
  { path: "/", routes: ["root", "routes/_index"] },
  { path: "/o/unicom/borrow", routes: ["root", "routes/o.$operator", "routes/o.$operator.borrow._index"], borrower: true },
  {
    path: "/o/unicom/borrow/applications/{application}/edit?step=need",
    routes: ["root", "routes/o.$operator", "routes/o.$operator.borrow.applications.$applicationId.edit"],
    borrower: true,
  },
  {
    path: "/o/unicom/borrow/applications/{application}",
    routes: ["root", "routes/o.$operator", "routes/o.$operator.borrow.applications.$applicationId._index"],
    borrower: true,
  },
  {
    path: "/o/unicom/borrow/loans/{loan}",
    routes: ["root", "routes/o.$operator", "routes/o.$operator.borrow.loans.$loanId._index"],
    borrower: true,
  },
];

/** Signs a demo borrower in by SMS code read from the sandbox outbox; returns the page, left open. */
async function signIn(context: import("@playwright/test").BrowserContext, phone: string): Promise<import("@playwright/test").Page> {
  const page = await context.newPage();
  const base = `http://localhost:${PORT}/o/unicom`;
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
  return page;
}

/**
 * Signs the demo borrower in and starts a draft application; the loan page is the demo
 * collections borrower's (<prefix>0041) disbursed loan, which the seed makes, so the loan
 * page is measured signed in as them. Returns the two ids.
 */
async function signInBorrower(context: import("@playwright/test").BrowserContext, loanContext: import("@playwright/test").BrowserContext): Promise<{ application: string; loan: string }> {
  const base = `http://localhost:${PORT}/o/unicom`;
  const page = await signIn(context, "18600000001");
  await page.goto(`${base}/borrow`);
  await page.getByTestId("start-application").click();
  await page.waitForURL(/applications\/[0-9a-f-]{36}\/edit/);
  const id = /applications\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.close();
  const owner = await signIn(loanContext, "18600000041");
  await owner.goto(`${base}/borrow`);
  await owner.getByTestId("my-applications").locator("a").first().click();
  const href = (await owner.getByTestId("loan-view-link").getAttribute("href"))!;
  await owner.close();
  return { application: id, loan: /loans\/([0-9a-f-]{36})/.exec(href)![1]! };
}

interface ManifestEntry { module: string; imports?: string[] }
function readManifest(): { entry: ManifestEntry; routes: Record<string, ManifestEntry> } {
  const dir = path.join("public", "build");
  // main() empties public/build before building, so there is exactly one manifest.
  const file = readdirSync(dir).find((f) => f.startsWith("manifest-"));
  if (!file) throw new Error("no manifest in public/build");
  const source = readFileSync(path.join(dir, file), "utf8");
  return JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1));
}

function javascriptGzipBytes(routes: string[]): number {
  const manifest = readManifest();
  const modules = new Set<string>([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
  for (const id of routes) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`route ${id} not in the manifest`);
    modules.add(route.module);
    for (const imported of route.imports ?? []) modules.add(imported);
  }
  let total = 0;
  for (const url of modules) total += gzipSync(readFileSync(path.join("public", url)), { level: 9 }).length;
  return total;
}

async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy`);
}

async function main() {
  rmSync(path.join("public", "build"), { recursive: true, force: true });
  const build = spawn("npx", ["remix", "build"], { stdio: "ignore" });
  await new Promise((resolve, reject) => build.on("exit", (code) => (code === 0 ? resolve(null) : reject(new Error("build failed")))));

  const dataDir = mkdtempSync(path.join(tmpdir(), "lp-bench-"));
  const server = spawn("node", ["server.js"], { env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, DATABASE_URL: "", OPERATOR_IDP: "off" }, stdio: "ignore" });
  try {
    await waitForHealthy(`http://localhost:${PORT}/healthz`, 60_000);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    console.log(`page                 JS gzip     FCP (3G)   LCP (3G)   [Fast 3G: ${NETWORK.latency} ms RTT, 1.44 Mbit/s; CPU ×${CPU_SLOWDOWN}]`);
    const borrowerContext = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, deviceScaleFactor: 2, locale: "zh-CN" });
    const loanOwnerContext = await browser.newContext();
    const { application, loan } = await signInBorrower(borrowerContext, loanOwnerContext);
    const storageState = await borrowerContext.storageState();
    const loanOwnerState = await loanOwnerContext.storageState();
    await borrowerContext.close();
    await loanOwnerContext.close();
    for (const page of PAGES) {
      const jsBytes = javascriptGzipBytes(page.routes);
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, deviceScaleFactor: 2, ...(page.borrower ? { storageState: page.path.includes("{loan}") ? loanOwnerState : storageState } : {}) });
      const tab = await context.newPage();
      const cdp = await context.newCDPSession(tab);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", NETWORK);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
      const path = page.path.replace("{application}", application).replace("{loan}", loan);
      await tab.goto(`http://localhost:${PORT}${path}`, { waitUntil: "load" });
      await tab.waitForTimeout(500);
      const paint = await tab.evaluate(
        () =>
          new Promise<{ fcp: number; lcp: number }>((resolve) => {
            const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve({ fcp, lcp: entries[entries.length - 1]?.startTime ?? NaN });
            }).observe({ type: "largest-contentful-paint", buffered: true });
          }),
      );
      console.log(
        `${page.path.replace("{application}", "<id>").replace("{loan}", "<id>").padEnd(20)} ${(jsBytes / 1024).toFixed(1).padStart(6)} KiB ${(paint.fcp / 1000).toFixed(2).padStart(7)} s ${(paint.lcp / 1000).toFixed(2).padStart(8)} s`,
      );
      await context.close();
    }
    await browser.close();
  } finally {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
