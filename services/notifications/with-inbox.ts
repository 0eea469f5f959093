import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { notifications, users } from "../../db/schema";
import { ONE_TIME_CODE_KINDS, type SmsMessage, type SmsSender } from "../sms";

/**
 * Every notification reaches the person twice from one call: the SMS (recorded by `smsFor`
 * for the dispatcher) and an inbox item (站内信) written in the same transaction, with the same
 * kind and parameters, so the SMS template is the one wording of both. Wraps the portal's one
 * notification path, so every call site that notifies by SMS also fills the inbox. One-time
 * codes are not notifications and never reach the inbox.
 */
export function withInbox(smsFor: (tx: DbOrTx) => SmsSender): (tx: DbOrTx) => SmsSender {
  return (tx) => {
    const sms = smsFor(tx);
    return {
      name: `${sms.name}+inbox`,
      async send(message) {
        const sent = await sms.send(message);
        await recordInboxItem(tx, message, sent.messageId);
        return sent;
      },
    };
  };
}

/** The inbox item of a notification to the person who holds `message.phone` at its operator (none: nobody to tell). */
export async function recordInboxItem(tx: DbOrTx, message: SmsMessage, smsMessageId: string | null): Promise<string | null> {
  if (ONE_TIME_CODE_KINDS.includes(message.kind)) return null;
  const [user] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.operatorId, message.operatorId), eq(users.phone, message.phone)));
  if (!user) return null;
  const [row] = await tx
    .insert(notifications)
    .values({
      operatorId: message.operatorId,
      userId: user.id,
      kind: message.kind,
      params: { ...(message.params as unknown as Record<string, string>) },
      smsMessageId,
    })
    .returning({ id: notifications.id });
  return row!.id;
}
