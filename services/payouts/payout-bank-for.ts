import type { DbOrTx } from "../../db/client";
import type { PayoutBank } from "../bank-exchange/payout-bank";
import { DomainError } from "../shared/errors";
import { SandboxPayoutBank } from "./sandbox-payout-bank";

/**
 * The custody bank's payout adapter to use: the configured one (the drop directory,
 * BANK_DROP_DIR), else — only where sandboxes are allowed — the SandboxPayoutBank on this
 * database with the given clock. Production passes `sandboxesAllowed: false`, so it can
 * never reach the sandbox: without a configured bank it refuses.
 */
export function payoutBankFor(input: { db: DbOrTx; bank?: PayoutBank | null; sandboxesAllowed: boolean; clock?: () => Date }): PayoutBank {
  if (input.bank) return input.bank;
  if (!input.sandboxesAllowed) throw new DomainError("payout.bank_not_configured");
  return new SandboxPayoutBank(input.db, input.clock ? { clock: input.clock } : {});
}
