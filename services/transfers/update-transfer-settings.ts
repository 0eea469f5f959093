import Decimal from "decimal.js";
import type { DbOrTx } from "../../db/client";
import { transferSettings } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { isTypedAmount } from "../ledger/money-input";
import { DomainError } from "../shared/errors";
import { getTransferSettings, type TransferSettingsView } from "./get-transfer-settings";
import { TRANSFER_SETTING_BOUNDS } from "./limits";

/** The limits as an admin types them: rates as fractions ("0.95"), the least principal in yuan, days as integers. */
export interface TransferSettingsInput {
  holdingPeriodDays: number;
  minPriceRate: string;
  maxPriceRate: string;
  feeRate: string;
  listingValidityDays: number;
  minPrincipalCny: string;
}

const FRACTION = /^(0|1|0?\.\d{1,6}|1\.\d{1,6})$/;

/** Throws `settings.invalid` on the first field out of its bounds (TRANSFER_SETTING_BOUNDS, with their reasons). */
export function checkTransferSettings(s: TransferSettingsInput): void {
  const bad = (field: keyof TransferSettingsInput): never => {
    throw new DomainError("settings.invalid", { field });
  };
  const b = TRANSFER_SETTING_BOUNDS;
  const days = (v: number, [min, max]: readonly [number, number]) => Number.isInteger(v) && v >= min && v <= max;
  if (!days(s.holdingPeriodDays, b.holdingPeriodDays)) bad("holdingPeriodDays");
  if (!days(s.listingValidityDays, b.listingValidityDays)) bad("listingValidityDays");
  const within = (raw: string, [min, max]: readonly [string, string]) => FRACTION.test(raw) && new Decimal(raw).gte(min) && new Decimal(raw).lte(max);
  if (!within(s.minPriceRate, b.priceRate)) bad("minPriceRate");
  if (!within(s.maxPriceRate, b.priceRate) || new Decimal(s.maxPriceRate).lt(s.minPriceRate)) bad("maxPriceRate");
  if (!within(s.feeRate, b.feeRate)) bad("feeRate");
  if (!isTypedAmount(s.minPrincipalCny) || new Decimal(s.minPrincipalCny).lt(b.minPrincipalCny[0]) || new Decimal(s.minPrincipalCny).gt(b.minPrincipalCny[1])) bad("minPrincipalCny");
}

/**
 * An admin changes the operator's transfer market limits; recorded in the audit log with the
 * values before and after. Saving the same values again changes nothing but the time. Listings
 * already on the market keep the fee and expiry they were listed with.
 */
export async function updateTransferSettings(
  db: DbOrTx,
  input: { operatorId: string; actorUserId: string; settings: TransferSettingsInput; now?: Date },
): Promise<TransferSettingsView> {
  checkTransferSettings(input.settings);
  const now = input.now ?? new Date();
  const before = await getTransferSettings(db, input.operatorId);
  const s = input.settings;
  const values = {
    holdingPeriodDays: s.holdingPeriodDays,
    minPriceRate: new Decimal(s.minPriceRate).toFixed(6),
    maxPriceRate: new Decimal(s.maxPriceRate).toFixed(6),
    feeRate: new Decimal(s.feeRate).toFixed(6),
    listingValidityDays: s.listingValidityDays,
    minPrincipalCny: new Decimal(s.minPrincipalCny).toFixed(2),
    updatedByUserId: input.actorUserId,
    updatedAt: now,
  };
  await db.insert(transferSettings).values({ operatorId: input.operatorId, ...values }).onConflictDoUpdate({ target: transferSettings.operatorId, set: values });
  const { updatedAt: _at, ...beforeValues } = before;
  const text = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x instanceof Decimal ? x.toFixed() : x]));
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "transfer.settings_changed", details: { before: text(beforeValues), after: text({ ...s }) } }, now);
  return getTransferSettings(db, input.operatorId);
}
