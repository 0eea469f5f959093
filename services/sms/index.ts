export type { SmsMessage, SmsSender } from "./sms-sender";
export { createSandboxSmsSender, listSandboxOutbox } from "./sandbox-sms-sender";
