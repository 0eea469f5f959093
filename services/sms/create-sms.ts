import type { Db, DbOrTx } from "../../db/client";
import { dispatchQueuedSms } from "./dispatch-queued-sms";
import { pollSmsReceipts } from "./poll-sms-receipts";
import { sendSmsNow } from "./send-sms-now";
import type { SmsTransport } from "./sms-gateway";
import { insertSmsMessage } from "./sms-record";
import type { OneTimeCodeSms, SmsSender } from "./sms-sender";

export interface Sms {
  /** The gateway's name: "aliyun" or "sandbox". */
  readonly gateway: string;
  /** Notifications, recorded in `tx` and sent by the dispatcher after commit. */
  senderFor(tx: DbOrTx): SmsSender;
  /** One-time codes, recorded in the caller's transaction and sent right after it. */
  codes: OneTimeCodeSms;
  dispatch(db: Db, now?: Date): ReturnType<typeof dispatchQueuedSms>;
  pollReceipts(db: Db, now?: Date): ReturnType<typeof pollSmsReceipts>;
}

/** Records notifications for the dispatcher; needs only the key that seals the phone (no gateway). */
export function createSmsRecorder(secretKey: Uint8Array): (tx: DbOrTx) => SmsSender {
  return (tx) => ({
    name: "recorder",
    send: (message) => insertSmsMessage(tx, { secretKey, message, delivery: "dispatcher" }),
  });
}

/**
 * The SMS boundary, wired once with the server secret (phones and parameters are sealed) and
 * the transport (gateway + template codes): Alibaba Cloud in production, the sandbox outside.
 */
export function createSms(input: { secretKey: Uint8Array; transport: SmsTransport }): Sms {
  const { secretKey, transport } = input;
  return {
    gateway: transport.gateway.name,
    senderFor: createSmsRecorder(secretKey),
    codes: {
      record: (tx, message) => insertSmsMessage(tx, { secretKey, message, delivery: "now" }),
      sendNow: (db, messageId, field) => sendSmsNow(db, { transport, secretKey, messageId, field }),
    },
    dispatch: (db, now) => dispatchQueuedSms(db, { transport, secretKey, now }),
    pollReceipts: (db, now) => pollSmsReceipts(db, { transport, secretKey, now }),
  };
}
