import { readBoundarySettings } from "./boundaries.server";
import { getConfig } from "./config.server";
import { allOperators } from "./operator.server";
import { bankExchange, channels, jobs, operatorApi } from "./services.server";

/** Demo passbooks the sandbox bank has not seen open with this balance (outside production only). */
const SANDBOX_PASSBOOK_BALANCE_CNY = "50000.00";

/** One API client per operator for the process's life: its circuit breaker must remember failures. */
const apiClients = new Map<string, ReturnType<typeof operatorApi.createOperatorApiClient>>();

async function operatorApiFor(operatorId: string) {
  const operator = (await allOperators()).find((o) => o.id === operatorId);
  if (!operator) return undefined;
  const settings = readBoundarySettings(process.env, [operator.slug]).operatorApis[operator.slug];
  if (!settings) return undefined;
  let client = apiClients.get(operator.slug);
  if (!client) {
    client = operatorApi.createOperatorApiClient({ ...settings, log: (e) => console[e.level](`[operator-api ${operator.slug}] ${e.path} attempt ${e.attempt}: ${e.message}`) });
    apiClients.set(operator.slug, client);
  }
  return client;
}

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
