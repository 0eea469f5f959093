import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { users } from "../../db/schema";
import type { SmsKind, SmsMessage, SmsParams, SmsSender } from "../sms";

/** The portal's notification path for one transaction: the SMS and, wired in app/sms.server.ts, the inbox item (with-inbox.ts). */
export type Notify = (tx: DbOrTx) => SmsSender;

/**
 * Tells one person, by account, in the caller's transaction: their phone is read from their
 * account and the message goes through `notify` (SMS + inbox). Without `notify` (a test, the
 * simulation) nothing is sent.
 */
export async function notifyUser<K extends SmsKind>(
  tx: DbOrTx,
  notify: Notify | undefined,
  input: { operatorId: string; userId: string; kind: K; params: SmsParams<K> },
): Promise<void> {
  if (!notify) return;
  const [user] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, input.userId));
  if (!user) return;
  await notify(tx).send({ operatorId: input.operatorId, phone: user.phone, kind: input.kind, params: input.params } as SmsMessage);
}
