// How much the portal costs per request next to the cheapest server there is: autocannon at 20
// connections against three pages — the invest list (anonymous), the borrower home and the
// investor's portfolio (signed in) — each beside a bare node:http server (its own process)
// answering the same bytes, in the same run. Goals (issue #17): ≥ 0.15× the bare server's
// requests/s and p99 ≤ 100 ms. Prints figures and met / NOT MET; never fails on them.
// PostgreSQL (a throwaway database) when DATABASE_URL is set, else PGlite.
// BENCH_PORT (3320; the bare server uses +1), BENCH_SECONDS (10), BENCH_APP_DIR.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { cookieHeader, launchBrowser, signIn, startPortal, verdict } from "./portal";

const PORT = Number(process.env.BENCH_PORT ?? 3320);
const BARE_PORT = PORT + 1;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const GOAL = { ratio: 0.15, p99Ms: 100 };

interface Result {
  rps: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string>): Promise<Result> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

/** A bare node:http server in its own process, answering every request with these bytes. */
async function startBare(body: Buffer, contentType: string): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "lp-bare-"));
  writeFileSync(path.join(dir, "body"), body);
  const source = `const http=require("node:http");const fs=require("node:fs");const body=fs.readFileSync(${JSON.stringify(path.join(dir, "body"))});
http.createServer((req,res)=>{res.writeHead(200,{"Content-Type":${JSON.stringify(contentType)},"Content-Length":body.length});res.end(body)}).listen(${BARE_PORT},()=>console.log("ready"));`;
  const child = spawn("node", ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`bare server exited (${code})`)));
  });
  return async () => {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}

async function main() {
  const portal = await startPortal(PORT);
  try {
    const browser = await launchBrowser();
    const borrower = await browser.newContext();
    await signIn(borrower, portal.origin, "18600000001");
    const investor = await browser.newContext();
    await signIn(investor, portal.origin, "18600000002");
    const targets = [
      { label: "invest list (anonymous)", path: "/o/unicom/invest", cookie: "" },
      { label: "borrower home (signed in)", path: "/o/unicom/borrow", cookie: await cookieHeader(borrower, portal.origin) },
      { label: "portfolio (investor, signed in)", path: "/o/unicom/me/portfolio", cookie: await cookieHeader(investor, portal.origin) },
    ];
    await browser.close();
    console.log(`bench:http on ${portal.databaseKind}: autocannon, ${CONNECTIONS} connections, ${SECONDS} s each; bare = node:http answering the same bytes.`);
    console.log(`Goals: portal ≥ ${GOAL.ratio}× bare req/s and p99 ≤ ${GOAL.p99Ms} ms.`);
    console.log(`${"page".padEnd(34)} portal req/s  p99 ms   bare req/s  p99 ms   ratio   goals`);
    for (const target of targets) {
      const headers: Record<string, string> = target.cookie ? { cookie: target.cookie } : {};
      const url = portal.origin + target.path;
      const sample = await fetch(url, { headers, redirect: "manual" });
      if (sample.status !== 200) throw new Error(`${target.path} answered ${sample.status}, not 200`);
      const body = Buffer.from(await sample.arrayBuffer());
      const stopBare = await startBare(body, sample.headers.get("content-type") ?? "text/html");
      try {
        const ours = await load(url, headers);
        const bare = await load(`http://127.0.0.1:${BARE_PORT}${target.path}`, headers);
        const ratio = ours.rps / bare.rps;
        const met = ratio >= GOAL.ratio && ours.p99 <= GOAL.p99Ms && ours.non2xx === 0;
        console.log(
          `${target.label.padEnd(34)} ${ours.rps.toFixed(0).padStart(12)} ${String(ours.p99).padStart(7)}   ${bare.rps.toFixed(0).padStart(10)} ${String(bare.p99).padStart(7)}   ${ratio.toFixed(3).padStart(5)}   ${verdict(met)}${ours.non2xx ? ` (${ours.non2xx} non-2xx/errors)` : ""}  [${(body.length / 1024).toFixed(1)} KiB]`,
        );
      } finally {
        await stopBare();
      }
    }
  } finally {
    await portal.stop();
  }
}

await main();
