import type { DbOrTx } from "../../../db/client";
import type { BankAdapter } from "./bank-adapter";
import type { OperatorBillingAdapter } from "./operator-billing-adapter";
import { SandboxBank } from "./sandbox-bank";
import { SandboxOperatorBilling } from "./sandbox-operator-billing";

/** What the channel steps of due processing need (DueProcessingDeps.channels). */
export interface ChannelDeps {
  /** The server secret: passbook account numbers are sealed with keys derived from it. Without it no debit batch is raised. */
  secretKey?: Uint8Array;
  /** A real bank adapter, when one is configured; otherwise the SandboxBank. */
  bank?: BankAdapter;
  /** A real operator billing adapter, when one is configured; otherwise the SandboxOperatorBilling. */
  billing?: OperatorBillingAdapter;
  /** Sandbox only: balance of a demo passbook the SandboxBank sees for the first time (default: unknown accounts are closed). */
  sandboxPassbookBalance?: string;
}

/**
 * The adapters the channels use for one operator: the configured ones, else the sandboxes.
 * No real bank or operator billing can be reached from this deployment, so none is written.
 */
export function channelAdapters(db: DbOrTx, operatorId: string, deps: ChannelDeps = {}): { bank: BankAdapter; billing: OperatorBillingAdapter; sandbox: boolean } {
  return {
    bank: deps.bank ?? new SandboxBank(db, deps.sandboxPassbookBalance ? { openUnknownAccountsWith: deps.sandboxPassbookBalance } : {}),
    billing: deps.billing ?? new SandboxOperatorBilling(db, operatorId),
    sandbox: !deps.bank && !deps.billing,
  };
}
