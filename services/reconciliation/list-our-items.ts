import type { DbOrTx } from "../../db/client";
import { itemRange } from "../statements/day-range";
import type { OurItemView } from "../statements/statement-channel";
import { statementChannel, type Channel } from "./channels";

export type { OurItemView } from "../statements/statement-channel";

/**
 * What our books say a channel carried between two Beijing days (inclusive), from the
 * business tables and the ledger entries they point at, as the channel's statement
 * describes it (e.g. passbook: its repayments; phone bill: confirmed deductions; custody:
 * withdrawals, disbursements and cash-ups).
 */
export async function listOurItems(db: DbOrTx, input: { operatorId: string; channel: Channel; fromDate: string; toDate: string }): Promise<OurItemView[]> {
  return statementChannel(input.channel).listOurItems(db, itemRange(input.operatorId, input.fromDate, input.toDate));
}
