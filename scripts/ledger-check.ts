/**
 * `npm run ledger:check`: recomputes the books from the postings and checks every
 * invariant (services/ledger/check-ledger.ts), then the custody account against the bank's
 * rule (never a day closed below zero) and lists money waiting in clearing accounts longer
 * than CLEARING_MAX_AGE_DAYS (default services/custody DEFAULT_CLEARING_MAX_AGE_DAYS).
 * Opens the database the way the portal does: DATABASE_URL if set, else the embedded
 * PGlite under DATA_DIR (default .data). Prints one summary line and the time it took;
 * exits 1 listing each violation, 2 if the check could not run. Aged clearing items are
 * listed for a person to chase; they do not fail the check.
 */
import { openConfiguredDatabase } from "./progress-bar";
import { DEFAULT_CLEARING_MAX_AGE_DAYS, listAgedClearingItems } from "../services/custody";
import { checkBooks } from "../services/finance";
import { formatLedgerCheck } from "../services/ledger";
import { formatCny } from "../services/ledger/money";

function maxAgeDays(): number {
  const raw = process.env.CLEARING_MAX_AGE_DAYS;
  if (raw === undefined || raw === "") return DEFAULT_CLEARING_MAX_AGE_DAYS;
  if (!/^\d{1,3}$/.test(raw)) throw new Error(`CLEARING_MAX_AGE_DAYS must be a whole number of days, not "${raw}"`);
  return Number(raw);
}

async function main(): Promise<number> {
  const ageDays = maxAgeDays();
  const database = await openConfiguredDatabase({ maxConnections: 2 });
  const began = performance.now();
  try {
    const merged = await checkBooks(database.db);
    const { summary, lines } = formatLedgerCheck(merged);
    console.log(summary);
    for (const line of lines) console.log(line);
    if (merged.custodyViolations === 0) console.log("custody: custody:bank closed no day below zero");
    if (merged.disclosureViolations === 0) console.log("disclosure: every kept month's ledger figures match the snapshots");
    const aged = await listAgedClearingItems(database.db, { maxAgeDays: ageDays });
    if (aged.length === 0) console.log(`clearing: nothing has waited more than ${ageDays} day(s)`);
    for (const a of aged) console.log(`clearing: ${a.accountCode} ${a.items} item(s) ${formatCny(a.amountCny)} waiting more than ${ageDays} day(s), oldest ${a.oldestAt.toISOString()}`);
    console.log(`checked in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    return merged.ok ? 0 : 1;
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
