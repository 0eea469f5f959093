import Decimal from "decimal.js";
import type { MatchConfig } from "./match-lines";
import { STATEMENT_SOURCES, type StatementSource } from "./types";

/** A channel is named by the statement that reports it. */
export type Channel = StatementSource;
export const CHANNELS = STATEMENT_SOURCES;

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && (CHANNELS as readonly string[]).includes(value);
}

/**
 * The ledger accounts whose balance a channel's sign-off checks: its clearing account
 * (the custody statement checks the custody account itself; store cash every store's
 * clearing account, by prefix).
 */
export const CHANNEL_ACCOUNTS: Record<Channel, { code?: string; prefix?: string }> = {
  stripe_balance: { code: "clearing:card" },
  custody_statement: { code: "custody:bank" },
  passbook_result: { code: "clearing:passbook" },
  phonebill_settlement: { code: "clearing:phonebill" },
  store_cash: { prefix: "clearing:store:" },
};

/** Matching tolerances; one day either way and no amount tolerance unless configured. */
export const DEFAULT_MATCH_CONFIG: MatchConfig = { dateWindowDays: 1, amountToleranceCny: new Decimal(0) };

/** Files bigger than this are refused before parsing (a day's statement is far smaller). */
export const MAX_STATEMENT_BYTES = 5 * 1024 * 1024;
