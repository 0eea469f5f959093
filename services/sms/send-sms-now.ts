import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsMessages } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { attemptSms } from "./attempt-sms";
import type { SmsTransport } from "./sms-gateway";
import { loadSmsMessage, openSmsMessage } from "./sms-record";

/**
 * Sends a one-time code recorded with `delivery: "now"`, after the transaction that recorded
 * it (and the code) committed, while the person waits. One attempt, never retried later: a
 * code that did not arrive at once is no use, and the person is told to try again (the
 * throttles count this send, as they count every code issued). A refusal or timeout throws
 * DomainError `sms.send_failed` on `field`; the row keeps the provider's error code.
 */
export async function sendSmsNow(
  db: Db,
  input: { transport: SmsTransport; secretKey: Uint8Array; messageId: string; field: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const row = await loadSmsMessage(db, input.messageId);
  if (!row || row.delivery !== "now" || row.status !== "queued") throw new Error(`sms ${input.messageId} is not a one-time code waiting to be sent`);
  // Claimed before the call: were the process to die mid-send, the row says so.
  await db
    .update(smsMessages)
    .set({ attempts: sql`${smsMessages.attempts} + 1`, lastAttemptAt: now, uncertain: true, gateway: input.transport.gateway.name, templateCode: input.transport.templates[row.kind as keyof SmsTransport["templates"]] })
    .where(and(eq(smsMessages.id, row.id), eq(smsMessages.status, "queued")));
  const outcome = await attemptSms(input.transport, openSmsMessage(input.secretKey, row), { askFirst: false });
  const finishedAt = new Date();
  if (outcome.ok) {
    await db
      .update(smsMessages)
      .set({
        status: outcome.status,
        providerMessageId: outcome.providerMessageId,
        sentAt: finishedAt,
        uncertain: false,
        ...(input.transport.keepsCodes ? {} : { paramsEnc: null }),
      })
      .where(eq(smsMessages.id, row.id));
    return;
  }
  await db
    .update(smsMessages)
    .set({ status: "failed", errorCode: outcome.error.providerCode, uncertain: outcome.error.kind === "unavailable", finishedAt, ...(input.transport.keepsCodes ? {} : { paramsEnc: null }) })
    .where(eq(smsMessages.id, row.id));
  throw new DomainError("sms.send_failed", { field: input.field });
}
