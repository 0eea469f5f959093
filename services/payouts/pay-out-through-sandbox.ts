import type { Db, DbOrTx } from "../../db/client";
import type { Actor } from "../borrowing/access";
import type { SmsSender } from "../sms";
import { approveDisbursement } from "./approve-disbursement";
import { fetchPayoutResults } from "./fetch-payout-results";
import { SandboxPayoutBank } from "./sandbox-payout-bank";

/**
 * SANDBOX (demo seed, dev routes, tests, the simulator): a funded passbook or supplier loan
 * paid out the way production pays it — finance's approval, the instruction to the bank, the
 * bank's result imported — with the SandboxPayoutBank answering at once on `now`'s day. The
 * loan is `disbursed` afterwards unless the sandbox bank refused the account.
 */
export async function payOutLoanThroughSandbox(
  db: Db,
  input: { operatorId: string; loanId: string; actor: Actor; secretKey: Uint8Array; now?: Date; smsFor: (tx: DbOrTx) => SmsSender },
): Promise<{ payoutId: string }> {
  const now = input.now ?? new Date();
  const bank = new SandboxPayoutBank(db, { clock: () => now });
  const { payoutId } = await approveDisbursement(db, bank, { operatorId: input.operatorId, loanId: input.loanId, actor: input.actor, secretKey: input.secretKey, now });
  await fetchPayoutResults(db, bank, { operatorId: input.operatorId, actorUserId: input.actor.userId, now, smsFor: input.smsFor });
  return { payoutId };
}
