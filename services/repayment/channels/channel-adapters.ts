import type { DbOrTx } from "../../../db/client";
import type { PayoutBank } from "../../bank-exchange/payout-bank";
import type { BankAdapter } from "./passbook-debit/bank-adapter";
import type { OperatorBillingAdapter } from "./phone-bill/operator-billing-adapter";

/**
 * What the channel steps of due processing need (DueProcessingDeps.channels). Each channel
 * picks its own adapter from here in its folder (bankFor, billingFor), falling back to its
 * sandbox; a channel added later adds its adapter beside these.
 */
export interface ChannelDeps {
  /** The server secret: passbook account numbers are sealed with keys derived from it. Without it no debit batch is raised. */
  secretKey?: Uint8Array;
  /** A real bank adapter, when one is configured; otherwise the SandboxBank. */
  bank?: BankAdapter;
  /** The custody bank's payout side (services/payouts, the payout_results step), when configured; otherwise the SandboxPayoutBank. */
  payoutBank?: PayoutBank;
  /** The real operator billing of an operator, when one is configured; otherwise the SandboxOperatorBilling. */
  billingFor?: (input: { db: DbOrTx; operatorId: string }) => Promise<OperatorBillingAdapter | undefined> | OperatorBillingAdapter | undefined;
  /** false in production: a channel without its real adapter refuses to run rather than use its sandbox. */
  sandboxesAllowed?: boolean;
  /** Sandbox only: balance of a demo passbook the SandboxBank sees for the first time (default: unknown accounts are closed). */
  sandboxPassbookBalance?: string;
}
