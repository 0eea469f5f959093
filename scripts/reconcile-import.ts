/**
 * `npm run reconcile:import -- --operator unicom --source store_cash --file path [--reconcile]`
 * for scheduled runs: imports one statement file (the same file twice changes nothing)
 * and, with --reconcile, matches every day the file covers. `--source stripe_balance
 * --date YYYY-MM-DD` without --file reads Stripe's API when STRIPE_SECRET_KEY is set.
 * Exits 1 when the file is refused (line and reason printed), 2 on any other failure.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { openConfiguredDatabase } from "./progress-bar";
import { operators } from "../db/schema";
import { importStatement, importStripeBalanceFromApi, reconcileDay } from "../services/reconciliation";
import { isDomainError } from "../services/shared/errors";

const ACTOR = { system: "reconcile-import" } as const;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { operator: { type: "string" }, source: { type: "string" }, file: { type: "string" }, date: { type: "string" }, reconcile: { type: "boolean" } },
  });
  if (!values.operator || !values.source || (!values.file && !(values.source === "stripe_balance" && values.date))) {
    console.error("usage: npm run reconcile:import -- --operator <slug> --source <source> --file <path> [--reconcile]");
    return 2;
  }
  const database = await openConfiguredDatabase({ maxConnections: 2 });
  try {
    const [operator] = await database.db.select({ id: operators.id }).from(operators).where(eq(operators.slug, values.operator));
    if (!operator) {
      console.error(`unknown operator ${values.operator}`);
      return 2;
    }
    try {
      const imported = values.file
        ? await importStatement(database.db, { operatorId: operator.id, source: values.source, fileName: path.basename(values.file), bytes: readFileSync(values.file), actor: ACTOR })
        : process.env.STRIPE_SECRET_KEY
          ? await importStripeBalanceFromApi(database.db, { operatorId: operator.id, date: values.date!, actor: ACTOR, secretKey: process.env.STRIPE_SECRET_KEY })
          : null;
      if (!imported) {
        console.error("STRIPE_SECRET_KEY is not set: pass --file with Stripe's CSV export");
        return 2;
      }
      console.log(`${imported.alreadyImported ? "already imported" : "imported"}: ${imported.fileName} (${imported.lineCount} lines, total ${imported.totalAmount}) import ${imported.importId}`);
      if (values.reconcile) {
        for (const date of imported.dates) {
          const run = await reconcileDay(database.db, { operatorId: operator.id, channel: imported.source, date });
          console.log(`reconciled ${run.channel} ${run.date}: ${JSON.stringify(run.counts)}`);
        }
      }
      return 0;
    } catch (error) {
      if (isDomainError(error) && error.code === "reconciliation.file_rejected") {
        console.error(`file rejected at line ${error.details.line}: ${error.details.reason} — ${error.details.message}`);
        return 1;
      }
      throw error;
    }
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`reconcile:import failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
