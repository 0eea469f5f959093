// What a person on a cheap phone waits for, per borrower and investor page: the bytes of HTML +
// CSS + JavaScript the page loads (gzip), and the largest contentful paint under Lighthouse's
// mobile throttling (simulated: 150 ms RTT, 1.6 Mbit/s, CPU ×4) and, as a second line, its
// regular-3G profile (300 ms RTT, 700 kbit/s, CPU ×4). Goals (issue #17): ≤ 60 KiB in all,
// ≤ 30 KiB of JavaScript, LCP ≤ 1.5 s on the mobile profile. Prints figures and met / NOT MET;
// never fails on them. BENCH_PORT (3290), BENCH_APP_DIR (another checkout), DATABASE_URL.
import { gzipSync } from "node:zlib";
import lighthouse from "lighthouse";
import { throttling } from "lighthouse/core/config/constants.js";
import * as chromeLauncher from "chrome-launcher";
import type { Browser, BrowserContext } from "@playwright/test";
import { CHROME_FLAGS, CHROMIUM, cookieHeader, launchBrowser, signIn, startPortal, verdict } from "./portal";

const PORT = Number(process.env.BENCH_PORT ?? 3290);
const GOAL = { totalKiB: 60, jsKiB: 30, lcpS: 1.5 };
const BORROWER = "18600000001";
const INVESTOR = "18600000002";

interface PageSpec {
  label: string;
  path: string;
  who?: "borrower" | "investor";
}

/** Page paths; `{application}` is a draft the bench starts, `{loan}` an open loan of the invest list. */
const PAGES: PageSpec[] = [
  { label: "/", path: "/" },
  { label: "/o/unicom", path: "/o/unicom" },
  { label: "/o/unicom/login", path: "/o/unicom/login" },
  { label: "/o/unicom/invest", path: "/o/unicom/invest" },
  { label: "/o/unicom/invest/loans/<id>", path: "/o/unicom/invest/loans/{loan}" },
  { label: "/o/unicom/borrow", path: "/o/unicom/borrow", who: "borrower" },
  { label: "/o/unicom/borrow/…/edit", path: "/o/unicom/borrow/applications/{application}/edit?step=need", who: "borrower" },
  { label: "/o/unicom/me/wallet", path: "/o/unicom/me/wallet", who: "investor" },
  { label: "/o/unicom/me/portfolio", path: "/o/unicom/me/portfolio", who: "investor" },
];

interface Weight {
  html: number;
  css: number;
  js: number;
  scripts: string[];
}

/** Loads the page once (no throttling) and gzips (level 9) each document, stylesheet and script it fetched. */
async function weigh(context: BrowserContext, url: string): Promise<Weight> {
  const page = await context.newPage();
  const bodies: Array<{ type: string; url: string; bytes: Promise<Buffer> }> = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "document" || type === "stylesheet" || type === "script") bodies.push({ type, url: response.url(), bytes: response.body().catch(() => Buffer.alloc(0)) });
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.close();
  const weight: Weight = { html: 0, css: 0, js: 0, scripts: [] };
  for (const body of bodies) {
    const gzip = gzipSync(await body.bytes, { level: 9 }).length;
    if (body.type === "document") weight.html += gzip;
    else if (body.type === "stylesheet") weight.css += gzip;
    else {
      weight.js += gzip;
      weight.scripts.push(new URL(body.url).pathname);
    }
  }
  return weight;
}

async function largestPaint(port: number, url: string, cookie: string | null, profile: "mobile" | "3g"): Promise<number> {
  const result = await lighthouse(
    url,
    { port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: cookie ? { Cookie: cookie } : undefined },
    {
      extends: "lighthouse:default",
      settings: { formFactor: "mobile", throttlingMethod: "simulate", throttling: profile === "mobile" ? throttling.mobileSlow4G : throttling.mobileRegular3G },
    },
  );
  return (result?.lhr.audits["largest-contentful-paint"]?.numericValue ?? NaN) / 1000;
}

/** Signs the demo borrower and investor in; starts a draft application; finds an open loan. */
async function prepare(browser: Browser, origin: string) {
  const borrower = await browser.newContext({ locale: "zh-CN" });
  await signIn(borrower, origin, BORROWER);
  const page = await borrower.newPage();
  await page.goto(`${origin}/o/unicom/borrow`);
  await page.getByTestId("start-application").click();
  await page.waitForURL(/applications\/[0-9a-f-]{36}\/edit/);
  const application = /applications\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.goto(`${origin}/o/unicom/invest`);
  const href = await page.locator('a[href*="/invest/loans/"]').first().getAttribute("href");
  const loan = /loans\/([0-9a-f-]{36})/.exec(href ?? "")![1]!;
  await page.close();
  const investor = await browser.newContext({ locale: "zh-CN" });
  await signIn(investor, origin, INVESTOR);
  return { borrower, investor, application, loan };
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1).padStart(6);
}

async function main() {
  const portal = await startPortal(PORT);
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
  const browser = await launchBrowser();
  try {
    const people = await prepare(browser, portal.origin);
    const anonymous = await browser.newContext({ locale: "zh-CN" });
    console.log(`bench:pages on ${portal.databaseKind}; gzip -9 of what each page loads; LCP by Lighthouse (simulated throttling).`);
    console.log(`Goals: total ≤ ${GOAL.totalKiB} KiB, JS ≤ ${GOAL.jsKiB} KiB, LCP (mobile: 150 ms RTT, 1.6 Mbit/s, CPU ×4) ≤ ${GOAL.lcpS} s. Second line: regular 3G (300 ms, 700 kbit/s).`);
    console.log(`${"page".padEnd(30)}   HTML KiB  CSS KiB   JS KiB  total KiB  LCP mobile  LCP 3G   goals`);
    for (const spec of PAGES) {
      const context = spec.who === "borrower" ? people.borrower : spec.who === "investor" ? people.investor : anonymous;
      const url = portal.origin + spec.path.replace("{application}", people.application).replace("{loan}", people.loan);
      const weight = await weigh(context, url);
      const cookie = spec.who ? await cookieHeader(context, portal.origin) : null;
      const lcp = await largestPaint(chrome.port, url, cookie, "mobile");
      const lcp3g = await largestPaint(chrome.port, url, cookie, "3g");
      const total = weight.html + weight.css + weight.js;
      const met = total <= GOAL.totalKiB * 1024 && weight.js <= GOAL.jsKiB * 1024 && lcp <= GOAL.lcpS;
      console.log(
        `${spec.label.padEnd(30)} ${kib(weight.html)}   ${kib(weight.css)}   ${kib(weight.js)}    ${kib(total)}    ${lcp.toFixed(2).padStart(6)} s  ${lcp3g.toFixed(2).padStart(5)} s   ${verdict(met)}`,
      );
    }
  } finally {
    await browser.close();
    chrome.kill();
    await portal.stop();
  }
}

await main();
