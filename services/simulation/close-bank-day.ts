import type { Db } from "../../db/client";
import { importSandboxCustodyStatement } from "../reconciliation";
import { readSettlement, recordPhonebillSettlement, SandboxOperatorBilling } from "../repayment/channels/phone-bill";

const SIMULATION_ACTOR = { system: "simulation" } as const;

export interface BankDayEnd {
  /** The operator's phone-bill settlement recorded for the day, if it settled anything. */
  phonebillSettlementId: string | null;
  custodyLines: number;
}

/**
 * The outside parties' end of a simulated day, as they would send it: the operator's
 * phone-bill settlement file (recorded as finance records one), then the custody bank's
 * statement of the day, imported — which books the settlements that arrived (passbook
 * sweep, Stripe payout, the operator's net) so custody mirrors the bank.
 */
export async function closeBankDay(db: Db, input: { operatorId: string; date: string; settledAt: Date; statementAt: Date }): Promise<BankDayEnd> {
  const { operatorId, date } = input;
  const settlement = await new SandboxOperatorBilling(db, operatorId).settlementFile(date);
  if (settlement) {
    await recordPhonebillSettlement(db, { operatorId, settlementId: settlement.settlementId, lines: readSettlement(settlement.csv), postedBy: SIMULATION_ACTOR, now: input.settledAt });
  }
  const imported = await importSandboxCustodyStatement(db, { operatorId, date, actor: SIMULATION_ACTOR, now: input.statementAt });
  return { phonebillSettlementId: settlement?.settlementId ?? null, custodyLines: imported.lineCount };
}
