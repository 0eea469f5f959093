import type { OpenAccountInput } from "../../ledger/open-account";
import type { StatementChannel } from "../../statements/statement-channel";
import type { DueStep } from "../run-due-processing";
import type { RepayNowChannel } from "./repay-now";

export type AccountSpec = Omit<OpenAccountInput, "operatorId">;

/**
 * Everything the rest of the portal needs to know about one way money comes back from a
 * borrower. Each channel folder (`services/repayment/channels/<channel>/`) exports one of
 * these; the registry (registry.ts) holds them, and applyRepayments, due processing,
 * reconciliation, the finance pages and the simulator loop over the registry instead of
 * naming channels. docs/adding-a-channel.md walks through adding one.
 */
export interface RepaymentChannel {
  /** `repayments.source` (and `loan_repayment_channels.channel` when borrowers can choose it). */
  source: string;
  /** Names for people (finance pages, reports). */
  label: { zh: string; en: string };
  /**
   * Where the channel's money sits until its counterparty pays it over: the account a
   * repayment debits. Store cash: the store's own clearing account; the wallet channel:
   * the borrower's wallet.
   */
  sourceAccount(request: { storeId?: string | null }, loan: { borrowerUserId: string }): AccountSpec;
  /** Money that is already ours to move (the wallet) may not pay more than is due (repayment.wallet_overpayment). */
  refusesOverpayment?: boolean;
  /** A repayment must name the store whose till took it. */
  needsStore?: boolean;
  /** Whether a borrower can choose it for a loan (loan_repayment_channels). */
  borrowerChoice: boolean;
  /**
   * The channel's daily steps in due processing, after the core ones and before
   * collections. Each reaches its counterparty through an adapter boundary (an interface
   * in the channel's folder) and uses the channel's sandbox unless DueProcessingDeps.channels
   * names a real adapter.
   */
  dueSteps: readonly DueStep[];
  /** The file the counterparty sends (its one reader) and how reconciliation lists our items and their lines. */
  statement?: StatementChannel;
  /** A finance page of its own, under /o/<operator>/finance (the nav loops over these). */
  financePage?: { path: string; navKey: string };
  /** 主动还款: the borrower may ask the counterparty to collect the current installment now (repay-now.ts). */
  repayNow?: RepayNowChannel;
  /** Simulated borrowers who choose this channel, out of 100 (the simulator's mix). */
  simulatedShare?: number;
}
