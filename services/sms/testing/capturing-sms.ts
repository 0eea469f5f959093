import type { DbOrTx } from "../../../db/client";
import { DomainError } from "../../shared/errors";
import type { OneTimeCodeSms, SmsMessage, SmsSender } from "../sms-sender";

/**
 * Keeps every message in memory, for tests of code that sends SMS without a database table
 * in the way: `lastCode(phone)` reads a one-time code back as the person would off the phone.
 * `failNextSend` makes the next one-time code's send fail, as an unreachable gateway does.
 */
export class CapturingSms implements OneTimeCodeSms {
  readonly messages: Array<SmsMessage & { id: string; sent: boolean }> = [];
  failNextSend = false;

  senderFor = (_tx: DbOrTx): SmsSender => ({
    name: "capturing",
    send: async (message) => this.keep(message, true),
  });

  record = async (_tx: DbOrTx, message: SmsMessage) => this.keep(message, false);

  sendNow = async (_db: unknown, messageId: string, field: string) => {
    if (this.failNextSend) {
      this.failNextSend = false;
      throw new DomainError("sms.send_failed", { field });
    }
    const message = this.messages.find((m) => m.id === messageId);
    if (message) message.sent = true;
  };

  lastCode(phone: string): string {
    const message = [...this.messages].reverse().find((m) => m.phone === phone && m.sent && "code" in m.params);
    if (!message || !("code" in message.params)) throw new Error(`no SMS code sent to ${phone}`);
    return message.params.code;
  }

  private keep(message: SmsMessage, sent: boolean) {
    const id = `m${this.messages.length + 1}`;
    this.messages.push({ ...message, id, sent });
    return Promise.resolve({ messageId: id });
  }
}
