import Decimal from "decimal.js";

/**
 * The part of every newly listed loan kept for people investing by hand, and for how long.
 * Reason: auto-invest runs the moment a loan is listed; without a reserve the rules would take
 * whole loans before a person opening the list could lend in any of them. For the first
 * `AUTO_INVEST_MANUAL_WINDOW_MINUTES` after listing, rules together hold at most
 * (1 − share) of the loan; after that the scheduled pass may fill the rest.
 * The portal reads AUTO_INVEST_MANUAL_SHARE (a fraction, 0–1) and AUTO_INVEST_MANUAL_MINUTES.
 */
export const AUTO_INVEST_MANUAL_SHARE = new Decimal("0.30");
export const AUTO_INVEST_MANUAL_WINDOW_MINUTES = 30;

/** At most this many rules per investor: enough to split strategies, few enough to read on a phone. */
export const AUTO_INVEST_MAX_RULES = 10;
/** Amount per loan bounds (yuan): the least any loan takes by hand is ¥50; one rule never puts more than ¥1,000,000 in one loan. */
export const AUTO_INVEST_MIN_PER_LOAN = new Decimal("50");
export const AUTO_INVEST_MAX_PER_LOAN = new Decimal("1000000");
export const AUTO_INVEST_MAX_TOTAL = new Decimal("100000000");
export const AUTO_INVEST_NAME_MAX = 30;
/** The preview looks back this far over listed loans. */
export const AUTO_INVEST_PREVIEW_DAYS = 30;

export interface AutoInvestSettings {
  /** Fraction of each loan kept for manual investors while the window is open. */
  manualShare: Decimal;
  manualWindowMinutes: number;
}

export const DEFAULT_AUTO_INVEST_SETTINGS: AutoInvestSettings = { manualShare: AUTO_INVEST_MANUAL_SHARE, manualWindowMinutes: AUTO_INVEST_MANUAL_WINDOW_MINUTES };

/**
 * The settings from the environment (AUTO_INVEST_MANUAL_SHARE: a fraction 0–1, e.g. 0.3;
 * AUTO_INVEST_MANUAL_MINUTES: whole minutes, 0–1440); a missing or malformed value keeps the default.
 */
export function autoInvestSettingsFrom(env: Readonly<Record<string, string | undefined>>): AutoInvestSettings {
  const share = env.AUTO_INVEST_MANUAL_SHARE?.trim();
  const minutes = env.AUTO_INVEST_MANUAL_MINUTES?.trim();
  const shareOk = !!share && /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(share);
  const minutesOk = !!minutes && /^\d{1,4}$/.test(minutes) && Number(minutes) <= 1440;
  return {
    manualShare: shareOk ? new Decimal(share) : AUTO_INVEST_MANUAL_SHARE,
    manualWindowMinutes: minutesOk ? Number(minutes) : AUTO_INVEST_MANUAL_WINDOW_MINUTES,
  };
}
