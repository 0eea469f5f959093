import Decimal from "decimal.js";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { transferSettings } from "../../db/schema";
import { TRANSFER_SETTINGS, type TransferSettings } from "./limits";

export type TransferSettingsView = TransferSettings & { updatedAt: Date | null };

/** The operator's transfer market limits, or the defaults (TRANSFER_SETTINGS) until an admin first saves them. */
export async function getTransferSettings(db: DbOrTx, operatorId: string): Promise<TransferSettingsView> {
  const [row] = await db.select().from(transferSettings).where(eq(transferSettings.operatorId, operatorId));
  if (!row) return { ...TRANSFER_SETTINGS, updatedAt: null };
  return {
    holdingPeriodDays: row.holdingPeriodDays,
    minPriceRate: new Decimal(row.minPriceRate),
    maxPriceRate: new Decimal(row.maxPriceRate),
    feeRate: new Decimal(row.feeRate),
    listingValidityDays: row.listingValidityDays,
    minPrincipalCny: new Decimal(row.minPrincipalCny),
    updatedAt: row.updatedAt,
  };
}
