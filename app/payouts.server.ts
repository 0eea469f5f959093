import type { DbOrTx } from "../db/client";
import { readBoundarySettings } from "./boundaries.server";
import { getConfig } from "./config.server";
import { bankExchange, payouts } from "./services.server";

/**
 * The custody bank's payout side for the finance pages: the bank's drop directory
 * (BANK_DROP_DIR) where configured; outside production only, the sandbox bank (it answers
 * at once: card or account numbers ending 0000 are refused as ACCOUNT_CLOSED). Production
 * never reaches the sandbox: payoutBankFor refuses without a configured bank, and the boot
 * check requires BANK_DROP_DIR there.
 */
export function payoutBank(db: DbOrTx) {
  const drop = readBoundarySettings(process.env, []).bank;
  const bank = drop ? bankExchange.createPayoutDropBank({ drop: bankExchange.createDirectoryDrop(drop.dropDir), log: (m) => console.warn(`[bank] ${m}`) }) : null;
  return payouts.payoutBankFor({ db, bank, sandboxesAllowed: !getConfig().production });
}
