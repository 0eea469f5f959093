import type { DbOrTx } from "../../db/client";
import { checkCustodyNeverNegative } from "../custody/check-custody";
import { checkDisclosureMonths } from "../disclosure/check-disclosure-months";
import { checkLedger, type LedgerCheckReport } from "../ledger";

/**
 * The whole books check of one operator, as finance runs it from 账务核对 and `npm run
 * ledger:check` runs it for every operator: the ledger's invariants (postings, balances,
 * snapshots, class rows), the custody account never closing a day below zero, and the
 * disclosure's kept months against the snapshots. services/ledger may not import the other
 * two, so they are joined here. Violations are counted exactly and listed as each check lists them.
 */
export async function checkBooks(db: DbOrTx, input: { operatorId?: string; now?: Date } = {}): Promise<LedgerCheckReport & { custodyViolations: number; disclosureViolations: number }> {
  const report = await checkLedger(db, input.operatorId ? { operatorId: input.operatorId } : {});
  const custody = await checkCustodyNeverNegative(db, input);
  const disclosure = await checkDisclosureMonths(db, input.operatorId ? { operatorId: input.operatorId } : {});
  const extra = custody.count + disclosure.length;
  return {
    ...report,
    ok: report.ok && extra === 0,
    violationCount: report.violationCount + extra,
    violations: [...report.violations, ...custody.violations, ...disclosure],
    custodyViolations: custody.count,
    disclosureViolations: disclosure.length,
  };
}
