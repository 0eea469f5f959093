/**
 * `npm run reencrypt:fields [-- --batch-size N]`: rewrites personal data encrypted in an
 * older layout (before services/shared/crypto/field-encryption's version 2) to the current
 * one, and ID masks stored in another form (4 + 4) to the one 3 + 4 mask. Opens the
 * database the way the portal does (DATABASE_URL if set, else the embedded PGlite under
 * DATA_DIR, default .data) with the portal's secret (APP_SECRET, else DATA_DIR/app-secret).
 *
 * Safe to run on a live portal and to rerun: batched, one transaction a batch, current
 * values are not touched, so a second run rewrites nothing. Old values keep opening
 * whether or not it has run. Prints one line per column; exits 1 when some value opens in
 * no layout (the wrong APP_SECRET, most likely: nothing is written for those), 2 on bad
 * arguments or when it could not run.
 */
import { getConfig } from "../app/config.server";
import { reencryptBorrowerFields } from "../services/borrowing/reencrypt-borrower-fields";
import { reencryptInvestorFields } from "../services/investing/reencrypt-investor-fields";
import { REENCRYPT_DEFAULT_BATCH_SIZE } from "../services/shared/crypto/reencrypt-column";
import { openConfiguredDatabase, parseArgs } from "./progress-bar";

/** Largest batch accepted: a batch is one transaction, and a long one holds row locks on a live portal. */
const MAX_BATCH_SIZE = 10_000;

async function main(): Promise<number> {
  let batchSize = REENCRYPT_DEFAULT_BATCH_SIZE;
  try {
    const args = parseArgs(process.argv.slice(2));
    for (const name of args.keys()) if (name !== "batch-size") throw new Error(`unknown option --${name}`);
    const raw = args.get("batch-size");
    if (raw !== undefined) {
      if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_BATCH_SIZE) throw new Error(`--batch-size must be 1 to ${MAX_BATCH_SIZE}, got ${raw}`);
      batchSize = Number(raw);
    }
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nusage: npm run reencrypt:fields [-- --batch-size N]`);
    return 2;
  }
  const { secretKey } = getConfig();
  const database = await openConfiguredDatabase();
  try {
    console.log(`reencrypt:fields on ${database.where}, batches of ${batchSize}`);
    const reports = [
      ...(await reencryptBorrowerFields(database.db, { secretKey, batchSize })),
      ...(await reencryptInvestorFields(database.db, { secretKey, batchSize })),
    ];
    for (const r of reports) console.log(`${r.name}: ${r.rewritten} rewritten${r.failed ? `, ${r.failed} unreadable (left as they are)` : ""}`);
    const failed = reports.reduce((n, r) => n + r.failed, 0);
    if (failed > 0) console.log(`${failed} value(s) open in no layout with this secret: is APP_SECRET the portal's?`);
    return failed > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`reencrypt:fields could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
