import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsMessages } from "../../db/schema";
import { attemptSms, type AttemptOutcome } from "./attempt-sms";
import { SMS_CLAIM_LEASE_MS, SMS_DISPATCH_BATCH, SMS_MAX_ATTEMPTS, smsRetryDelayMs } from "./limits";
import type { SmsTransport } from "./sms-gateway";
import { openSmsMessage, type SmsMessageRow } from "./sms-record";

export interface DispatchResult {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Claims due notifications (SKIP LOCKED, so several portal processes share the work) and
 * leases them: a claimed row's next attempt moves past the lease, so a pass that dies
 * mid-send leaves it for a later pass, which asks the provider by OutId before sending.
 */
async function claimDue(db: Db, now: Date, limit: number): Promise<SmsMessageRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(smsMessages)
      .where(and(eq(smsMessages.status, "queued"), eq(smsMessages.delivery, "dispatcher"), lte(smsMessages.nextAttemptAt, now)))
      .orderBy(asc(smsMessages.nextAttemptAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    await tx
      .update(smsMessages)
      .set({ attempts: sql`${smsMessages.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + SMS_CLAIM_LEASE_MS), lastAttemptAt: now, uncertain: true })
      .where(inArray(smsMessages.id, due.map((r) => r.id)));
    // The rows as they were: `uncertain` and `lastAttemptAt` describe the previous attempt.
    return due;
  });
}

/** What the row becomes after an attempt; `attempts` is the count including this one. */
function afterAttempt(outcome: AttemptOutcome, attempts: number, now: Date): Partial<SmsMessageRow> {
  if (outcome.ok) {
    const finished = outcome.status === "delivered" || outcome.status === "failed";
    return { status: outcome.status, providerMessageId: outcome.providerMessageId, sentAt: now, uncertain: false, nextAttemptAt: null, errorCode: outcome.errorCode, ...(finished ? { finishedAt: now } : {}) };
  }
  const { kind, providerCode } = outcome.error;
  // A refusal of this message (bad number, content) will not change on retry.
  if (kind === "rejected" || attempts >= SMS_MAX_ATTEMPTS) {
    return { status: "failed", errorCode: providerCode, uncertain: kind === "unavailable", nextAttemptAt: null, finishedAt: now };
  }
  // Throttled or misconfigured: the provider definitely did not send. Unavailable: it may have.
  return { errorCode: providerCode, uncertain: kind === "unavailable", nextAttemptAt: new Date(now.getTime() + smsRetryDelayMs(attempts)) };
}

/**
 * Sends queued notifications after their causes committed, with retries and back-off. Each
 * message goes out at most once: the provider gets our message id as OutId, and a message
 * whose earlier attempt ended without an answer is looked up by that OutId before any resend.
 * A gateway outage leaves messages queued; it never touches the business records.
 */
export async function dispatchQueuedSms(
  db: Db,
  input: { transport: SmsTransport; secretKey: Uint8Array; now?: Date; limit?: number },
): Promise<DispatchResult> {
  const now = input.now ?? new Date();
  const claimed = await claimDue(db, now, input.limit ?? SMS_DISPATCH_BATCH);
  const result: DispatchResult = { sent: 0, retrying: 0, failed: 0 };
  for (const row of claimed) {
    const attempts = row.attempts + 1;
    const outcome = await attemptSms(input.transport, openSmsMessage(input.secretKey, row), { askFirst: row.uncertain });
    const next = afterAttempt(outcome, attempts, now);
    // Only if the lease is still ours (attempts unchanged since the claim).
    await db
      .update(smsMessages)
      .set({ ...next, gateway: input.transport.gateway.name, templateCode: input.transport.templates[openKind(row)] })
      .where(and(eq(smsMessages.id, row.id), eq(smsMessages.status, "queued"), eq(smsMessages.attempts, attempts)));
    if (next.status === "failed") result.failed++;
    else if (next.status) result.sent++;
    else result.retrying++;
  }
  return result;
}

function openKind(row: SmsMessageRow) {
  return row.kind as keyof SmsTransport["templates"];
}
