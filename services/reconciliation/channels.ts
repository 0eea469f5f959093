import Decimal from "decimal.js";
import { repaymentChannels } from "../repayment/channels/registry";
import type { StatementChannel } from "../statements/statement-channel";
import { CUSTODY_STATEMENT } from "./custody-statement-channel";
import type { MatchConfig } from "./match-lines";
import { STRIPE_BALANCE_STATEMENT } from "./stripe-balance-statement";
import type { StatementSource } from "./types";

/** A channel is named by the statement that reports it. */
export type Channel = StatementSource;

/**
 * Every statement reconciliation knows: the card processor's and the custody bank's
 * (here), then each repayment channel's (services/repayment/channels/registry.ts), in
 * the registry's order. Read on every call, so a channel registered later is included.
 */
export function statementChannels(): StatementChannel[] {
  return [STRIPE_BALANCE_STATEMENT, CUSTODY_STATEMENT, ...repaymentChannels().flatMap((c) => (c.statement ? [c.statement] : []))];
}

/** The channels' names, in order (the overview's rows). */
export function channelNames(): string[] {
  return statementChannels().map((c) => c.source);
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && statementChannels().some((c) => c.source === value);
}

export function statementChannel(source: Channel): StatementChannel {
  const found = statementChannels().find((c) => c.source === source);
  if (!found) throw new Error(`unknown statement source ${source}`);
  return found;
}

/**
 * The ledger accounts whose balance a channel's sign-off checks: its clearing account
 * (the custody statement checks the custody account itself; store cash every store's
 * clearing account, by prefix).
 */
export function channelAccounts(channel: Channel): { code?: string; prefix?: string } {
  return statementChannel(channel).clearing;
}

/** The statement sources when the portal starts (tests iterate over them); channelNames() also has channels registered later. */
export const STATEMENT_SOURCES: readonly string[] = channelNames();

/** Matching tolerances; one day either way and no amount tolerance unless configured. */
export const DEFAULT_MATCH_CONFIG: MatchConfig = { dateWindowDays: 1, amountToleranceCny: new Decimal(0) };

/** Files bigger than this are refused before parsing (a day's statement is far smaller). */
export const MAX_STATEMENT_BYTES = 5 * 1024 * 1024;
