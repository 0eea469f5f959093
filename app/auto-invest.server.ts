import type { Db } from "../db/client";
import { smsSenderFor } from "./sms.server";
import { autoInvest } from "./services.server";

let settings: autoInvest.AutoInvestSettings | null = null;

/** The manual share and window (AUTO_INVEST_MANUAL_SHARE, AUTO_INVEST_MANUAL_MINUTES; defaults in services/auto-invest/limits.ts). */
export function autoInvestSettings(): autoInvest.AutoInvestSettings {
  settings ??= autoInvest.autoInvestSettingsFrom(process.env);
  return settings;
}

/**
 * Auto-invest for a loan just listed, run after the listing committed (signing's `afterListing`).
 * A failure is logged, never shown to the borrower: the once-a-minute pass catches the loan up.
 */
export function allocateAfterListing(db: Db, operatorId: string): (loanId: string) => Promise<unknown> {
  return (loanId) =>
    autoInvest.allocateLoan(db, { operatorId, loanId, smsFor: smsSenderFor, settings: autoInvestSettings() }).catch((error: unknown) => {
      console.error(`auto-invest for loan ${loanId} failed (the scheduled pass retries)`, error);
    });
}

/** The scheduled pass over every loan in funding (app/jobs.server.ts). */
export async function allocateOpenLoans(db: Db): Promise<number> {
  const result = await autoInvest.allocateOpenLoans(db, { smsFor: smsSenderFor, settings: autoInvestSettings() });
  return result.placed.length;
}
