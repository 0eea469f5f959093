import Decimal from "decimal.js";
import { DomainError } from "../shared/errors";
import { legalCap } from "./irr";
import { isTypedAmount } from "../ledger/money-input";

/** Amounts and rates are decimal strings; counts are integers. */
export interface BorrowingSettings {
  lprOneYear: string;
  legalCapMultiple: string;
  exposureCap: string;
  multiAppWindowDays: number;
  multiAppReferCount: number;
  multiAppRejectCount: number;
  checkerThreshold: string;
  minTenureMonths: number;
  referTenureMonths: number;
  arrearsReferCny: string;
  arrearsRejectCny: string;
  incomeReferRatio: string;
}

/**
 * The defaults (DESIGN §3): one-year LPR 3.00 % (the rate published since May 2025), a
 * legal cap of 4 × LPR on the all-in annual cost, ¥200,000 of outstanding principal per
 * person, a second risk officer above ¥50,000.
 */
export const DEFAULT_BORROWING_SETTINGS: BorrowingSettings = {
  lprOneYear: "0.030000",
  legalCapMultiple: "4.00",
  exposureCap: "200000.00",
  multiAppWindowDays: 30,
  multiAppReferCount: 1,
  multiAppRejectCount: 3,
  checkerThreshold: "50000.00",
  minTenureMonths: 6,
  referTenureMonths: 24,
  arrearsReferCny: "0.00",
  arrearsRejectCny: "500.00",
  incomeReferRatio: "0.500000",
};

export type SettingsView = BorrowingSettings & { legalCap: string; updatedAt: Date | null };

/** The settings with the legal cap they imply, as pages show them. */
export function settingsView(s: BorrowingSettings, updatedAt: Date | null): SettingsView {
  return { ...s, legalCap: legalCap(s.lprOneYear, s.legalCapMultiple).toFixed(6), updatedAt };
}

const RATE = /^(0|0?\.\d{1,6})$/;

/** Throws `settings.invalid` on the first field out of range. */
export function checkSettings(s: BorrowingSettings): void {
  const bad = (field: keyof BorrowingSettings): never => {
    throw new DomainError("settings.invalid", { field });
  };
  if (!RATE.test(s.lprOneYear) || new Decimal(s.lprOneYear).lte(0)) bad("lprOneYear");
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(s.legalCapMultiple) || new Decimal(s.legalCapMultiple).lte(0)) bad("legalCapMultiple");
  if (!isTypedAmount(s.exposureCap) || new Decimal(s.exposureCap).lte(0)) bad("exposureCap");
  if (!isTypedAmount(s.checkerThreshold)) bad("checkerThreshold");
  if (!isTypedAmount(s.arrearsReferCny)) bad("arrearsReferCny");
  if (!isTypedAmount(s.arrearsRejectCny) || new Decimal(s.arrearsRejectCny).lt(s.arrearsReferCny)) bad("arrearsRejectCny");
  if (!RATE.test(s.incomeReferRatio) || new Decimal(s.incomeReferRatio).lte(0)) bad("incomeReferRatio");
  const int = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (!int(s.multiAppWindowDays, 1, 365)) bad("multiAppWindowDays");
  if (!int(s.multiAppReferCount, 1, 100)) bad("multiAppReferCount");
  if (!int(s.multiAppRejectCount, s.multiAppReferCount + 1, 101)) bad("multiAppRejectCount");
  if (!int(s.minTenureMonths, 0, 600)) bad("minTenureMonths");
  if (!int(s.referTenureMonths, s.minTenureMonths, 600)) bad("referTenureMonths");
}
