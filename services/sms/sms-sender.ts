import type { Db, DbOrTx } from "../../db/client";
import type { SmsKind, SmsParams } from "./sms-kinds";

/** A message as call sites state it: its kind and the template's parameters, never a body. */
export type SmsMessage = {
  [K in SmsKind]: { operatorId: string; phone: string; kind: K; params: SmsParams<K> };
}[SmsKind];

/**
 * Notifications: `send` records the message in the caller's transaction (built per
 * transaction by `senderFor(tx)`), so it exists exactly when its cause commits; the
 * dispatcher sends it afterwards, with retries. A gateway outage never rolls back the cause.
 */
export interface SmsSender {
  readonly name: string;
  send(message: SmsMessage): Promise<{ messageId: string }>;
}

/**
 * One-time codes: recorded in the caller's transaction (with the code itself, so the
 * throttles count the send), then sent by the caller once that transaction committed,
 * while the person waits. A refused or timed-out send throws DomainError `sms.send_failed`
 * on `field`, which the form shows beside that field.
 */
export interface OneTimeCodeSms {
  record(tx: DbOrTx, message: SmsMessage): Promise<{ messageId: string }>;
  sendNow(db: Db, messageId: string, field: string): Promise<void>;
}
