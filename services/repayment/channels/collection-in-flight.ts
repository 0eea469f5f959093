import type { DbOrTx } from "../../../db/client";
import { repaymentChannels } from "./registry";

/**
 * Whether any channel's collection of the loan is still waiting for its answer: a passbook
 * debit sent to the bank (due-date or 主动还款) without its result, a phone-bill deduction not
 * yet answered. While one is, money asked of the borrower another way could be taken twice:
 * 主动还款 and online repayment (wallet, card) are refused until the answer comes. Call it
 * under the loan's row lock where the answer must hold until the caller commits.
 */
export async function collectionInFlight(db: DbOrTx, input: { operatorId: string; loanId: string }): Promise<boolean> {
  for (const channel of repaymentChannels()) {
    if (channel.repayNow && (await channel.repayNow.inFlight(db, input))) return true;
  }
  return false;
}
