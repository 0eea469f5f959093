import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { smsOutbox } from "../../db/schema";
import type { SmsSender } from "./sms-sender";

/**
 * Used when no SMS provider is configured: messages land in the sms_outbox table,
 * which a page outside production shows. Pass the transaction handle so the message
 * exists exactly when the code that it carries does.
 */
export function createSandboxSmsSender(db: DbOrTx): SmsSender {
  return {
    name: "sandbox",
    async send(message) {
      await db.insert(smsOutbox).values(message);
    },
  };
}

export async function listSandboxOutbox(db: DbOrTx, operatorId: string, limit = 50) {
  return db
    .select()
    .from(smsOutbox)
    .where(and(eq(smsOutbox.operatorId, operatorId)))
    .orderBy(desc(smsOutbox.createdAt))
    .limit(limit);
}
