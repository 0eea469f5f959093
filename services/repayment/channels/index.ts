// Repayment channels: one folder each, one description each, and the registry the rest of the portal loops over.
export { repaymentChannels, repaymentChannel, isRepaymentSource, registerRepaymentChannel, channelDueSteps, channelFinancePages } from "./registry";
export type { RepaymentChannel, AccountSpec } from "./repayment-channel";
export { channelMigrationSql } from "./channel-migration-sql";
export type { ChannelDeps } from "./channel-adapters";
export * from "./passbook-debit";
export * from "./phone-bill";
export * from "./store-cash";
export * from "./wallet";
export { requestRepayNow, describeRepayNow, type RepayNowPicture } from "./request-repay-now";
export type { RepayNowStatus, RepayNowChannel } from "./repay-now";
