import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { smsMessages } from "../../db/schema";
import { renderSmsBody } from "./render-sms-body";
import { openSmsMessage } from "./sms-record";

export interface SmsMessageView {
  id: string;
  kind: string;
  phone: string;
  phoneMasked: string;
  /** The text as the person reads it; null when a real gateway's one-time code was erased. */
  body: string | null;
  status: string;
  gateway: string | null;
  templateCode: string | null;
  providerMessageId: string | null;
  errorCode: string | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  finishedAt: Date | null;
}

/** Page size of the outbox: the newest messages of an operator. */
export const SMS_LIST_LIMIT = 50;

/**
 * An operator's newest messages, opened and rendered (for the sandbox outbox page, where demo
 * users read their codes, and for tests). Staff pages without a need for the full number show
 * `phoneMasked` only.
 */
export async function listSmsMessages(
  db: DbOrTx,
  input: { operatorId: string; secretKey: Uint8Array; signName: string; limit?: number },
): Promise<SmsMessageView[]> {
  const rows = await db
    .select()
    .from(smsMessages)
    .where(eq(smsMessages.operatorId, input.operatorId))
    .orderBy(desc(smsMessages.createdAt))
    .limit(input.limit ?? SMS_LIST_LIMIT);
  return rows.map((row) => {
    const message = openSmsMessage(input.secretKey, row);
    return {
      id: row.id,
      kind: row.kind,
      phone: message.phone,
      phoneMasked: row.phoneMasked,
      body: message.params ? renderSmsBody(message.kind, message.params, input.signName) : null,
      status: row.status,
      gateway: row.gateway,
      templateCode: row.templateCode,
      providerMessageId: row.providerMessageId,
      errorCode: row.errorCode,
      attempts: row.attempts,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
      finishedAt: row.finishedAt,
    };
  });
}
