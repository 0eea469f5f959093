import { getConfig } from "./config.server";
import { jobs } from "./services.server";

/** Demo passbooks the sandbox bank has not seen open with this balance (outside production only). */
const SANDBOX_PASSBOOK_BALANCE_CNY = "50000.00";

/**
 * The portal's due-processing dependencies: the one factory, with the server secret the
 * passbook channel needs to read sealed account numbers.
 */
export function dueProcessingDeps() {
  const config = getConfig();
  return jobs.createDueProcessingDeps({
    channels: { secretKey: config.secretKey, ...(config.production ? {} : { sandboxPassbookBalance: SANDBOX_PASSBOOK_BALANCE_CNY }) },
  });
}
