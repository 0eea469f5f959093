import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsMessages } from "../../db/schema";
import { beijingDate } from "../shared/calendar";
import { OUT_ID_PREFIX } from "./attempt-sms";
import { SMS_RECEIPT_BATCH, SMS_RECEIPT_GIVE_UP_MS, SMS_RECEIPT_RECHECK_MS } from "./limits";
import type { SmsTransport } from "./sms-gateway";
import { openSmsMessage } from "./sms-record";

export interface ReceiptPollResult {
  checked: number;
  delivered: number;
  failed: number;
  pending: number;
  /** Queries the provider did not answer: asked again on a later pass. */
  unanswered: number;
}

/**
 * Delivery receipts, pulled: Alibaba Cloud reports a message's fate through QuerySendDetails
 * (phone, day, BizId). A bounded batch of sent messages, least recently asked first; each is
 * asked again no sooner than SMS_RECEIPT_RECHECK_MS and not after SMS_RECEIPT_GIVE_UP_MS.
 */
export async function pollSmsReceipts(
  db: Db,
  input: { transport: SmsTransport; secretKey: Uint8Array; now?: Date; limit?: number },
): Promise<ReceiptPollResult> {
  const now = input.now ?? new Date();
  const rows = await db
    .select()
    .from(smsMessages)
    .where(
      and(
        eq(smsMessages.status, "sent"),
        gt(smsMessages.sentAt, new Date(now.getTime() - SMS_RECEIPT_GIVE_UP_MS)),
        or(isNull(smsMessages.receiptCheckedAt), lt(smsMessages.receiptCheckedAt, new Date(now.getTime() - SMS_RECEIPT_RECHECK_MS))),
      ),
    )
    .orderBy(sql`${smsMessages.receiptCheckedAt} asc nulls first`)
    .limit(input.limit ?? SMS_RECEIPT_BATCH);
  const result: ReceiptPollResult = { checked: rows.length, delivered: 0, failed: 0, pending: 0, unanswered: 0 };
  for (const row of rows) {
    const message = openSmsMessage(input.secretKey, row);
    const bizId = row.providerMessageId?.startsWith(OUT_ID_PREFIX) ? undefined : row.providerMessageId ?? undefined;
    const reports = await input.transport.gateway
      .queryDelivery({ phone: message.phone, providerMessageId: bizId, sentOn: beijingDate(row.sentAt ?? row.createdAt) })
      .catch(() => null);
    const report = reports?.find((r) => r.outId === row.id) ?? (bizId && reports?.length === 1 ? reports[0] : undefined);
    if (!reports) result.unanswered++;
    if (report && report.status !== "pending") {
      await db
        .update(smsMessages)
        .set({ status: report.status, errorCode: report.errorCode, finishedAt: report.reportedAt ?? now, receiptCheckedAt: now })
        .where(and(eq(smsMessages.id, row.id), eq(smsMessages.status, "sent")));
      result[report.status]++;
      continue;
    }
    if (reports) result.pending++;
    await db.update(smsMessages).set({ receiptCheckedAt: now }).where(eq(smsMessages.id, row.id));
  }
  return result;
}
