import { readBoundarySettings } from "./boundaries.server";
import { getConfig } from "./config.server";
import { operatorApiFor } from "./operator-api.server";
import { smsSenderFor } from "./sms.server";
import { bankExchange, channels, jobs } from "./services.server";

/** Demo passbooks the sandbox bank has not seen open with this balance (outside production only). */
const SANDBOX_PASSBOOK_BALANCE_CNY = "50000.00";

/** Both sides of the custody bank over its one drop directory: passbook debits and payouts. */
function custodyBank(dropDir: string) {
  const drop = bankExchange.createDirectoryDrop(dropDir);
  const log = (m: string) => console.warn(`[bank] ${m}`);
  return { bank: channels.createDropBank({ drop, log }), payoutBank: bankExchange.createPayoutDropBank({ drop, log }) };
}

/**
 * The portal's due-processing dependencies: the one factory, with the server secret the
 * passbook channel needs to read sealed account numbers, the custody bank's file exchange
 * (BANK_DROP_DIR) and each operator's billing over its API (OPERATOR_API_<SLUG>_*) where
 * configured. In production no channel may fall back to its
 * sandbox: the boot check makes sure the settings exist, and the channels refuse regardless.
 */
export function dueProcessingDeps() {
  const config = getConfig();
  const bankDrop = readBoundarySettings(process.env, []).bank;
  return jobs.createDueProcessingDeps({
    smsSenderFor,
    channels: {
      secretKey: config.secretKey,
      // The custody bank's file exchange (BANK_DROP_DIR) where configured; the sandbox bank otherwise (outside production).
      ...(bankDrop ? custodyBank(bankDrop.dropDir) : {}),
      sandboxesAllowed: !config.production,
      ...(config.production ? {} : { sandboxPassbookBalance: SANDBOX_PASSBOOK_BALANCE_CNY }),
      billingFor: async ({ db, operatorId }) => {
        const api = await operatorApiFor(operatorId);
        return api ? channels.createHttpOperatorBilling({ api, db, operatorId }) : undefined;
      },
    },
  });
}
