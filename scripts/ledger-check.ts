/**
 * `npm run ledger:check`: recomputes the books from the postings and checks every
 * invariant (services/ledger/check-ledger.ts). Opens the database the way the portal
 * does: DATABASE_URL if set, else the embedded PGlite under DATA_DIR (default .data).
 * Prints one summary line; exits 1 listing each violation, 2 if the check could not run.
 */
import path from "node:path";
import { openDatabase } from "../db/client";
import { checkLedger, formatLedgerCheck } from "../services/ledger";

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const pgliteDataDir = path.join(path.resolve(process.env.DATA_DIR ?? ".data"), "pglite");
  const database = await openDatabase({ databaseUrl, pgliteDataDir, maxConnections: 2 });
  try {
    const report = await checkLedger(database.db);
    const { summary, lines } = formatLedgerCheck(report);
    console.log(summary);
    for (const line of lines) console.log(line);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`ledger:check could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
