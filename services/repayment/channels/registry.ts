import { passbookDebitChannel } from "./passbook-debit/channel";
import { phoneBillChannel } from "./phone-bill/channel";
import type { DueStep } from "../run-due-processing";
import type { RepaymentChannel } from "./repayment-channel";
import { storeCashChannel } from "./store-cash/channel";
import { walletChannel } from "./wallet/channel";

/**
 * The repayment channels, in the order due processing runs their steps and pages list
 * them. The built-in list is read on first use, not at module load: channel modules
 * import applyRepayments, which reads this registry, and a list built at load time could
 * see a channel module that has not finished loading.
 */
let channels: RepaymentChannel[] | null = null;

function all(): RepaymentChannel[] {
  channels ??= [passbookDebitChannel, storeCashChannel, phoneBillChannel, walletChannel];
  return channels;
}

/** Every registered channel. */
export function repaymentChannels(): readonly RepaymentChannel[] {
  return all();
}

/** The channel with this source name; an unknown name is a programming error. */
export function repaymentChannel(source: string): RepaymentChannel {
  const channel = all().find((c) => c.source === source);
  if (!channel) throw new Error(`unknown repayment channel ${source}`);
  return channel;
}

export function isRepaymentSource(value: unknown): value is string {
  return typeof value === "string" && all().some((c) => c.source === value);
}

/**
 * Adds a channel (after the built-in ones). The database must know its source name too:
 * see channelMigrationSql and docs/adding-a-channel.md. Returns a function that removes it
 * again (tests).
 */
export function registerRepaymentChannel(channel: RepaymentChannel): () => void {
  const list = all();
  if (list.some((c) => c.source === channel.source)) throw new Error(`repayment channel ${channel.source} is registered already`);
  if (channel.statement && list.some((c) => c.statement?.source === channel.statement!.source)) throw new Error(`statement ${channel.statement.source} is registered already`);
  list.push(channel);
  return () => {
    const at = list.indexOf(channel);
    if (at >= 0) list.splice(at, 1);
  };
}

/** The channels' daily steps, in registry order (due processing runs them after the core steps). */
export function channelDueSteps(): DueStep[] {
  return all().flatMap((c) => [...c.dueSteps]);
}

/** The channels' own finance pages, in registry order (the finance nav loops over them). */
export function channelFinancePages(): { path: string; navKey: string }[] {
  return all().flatMap((c) => (c.financePage ? [c.financePage] : []));
}
