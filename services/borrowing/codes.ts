import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { borrowingCodes } from "../../db/schema";
import { DomainError } from "../shared/errors";
import {
  checkOneTimeCodeSend,
  hashOneTimeCode,
  HOUR_MS,
  judgeOneTimeCode,
  looksLikeOneTimeCode,
  newOneTimeCode,
  ONE_TIME_CODE_MAX_ATTEMPTS,
  ONE_TIME_CODE_MAX_PER_PHONE_PER_HOUR,
  ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS,
  ONE_TIME_CODE_TTL_MS,
} from "../shared/one-time-code";
import type { OneTimeCodeSms } from "../sms/sms-sender";

export type CodePurpose = "verify_phone" | "sign" | "repayment_channel";

/** Borrowing codes are one-time codes: the limits (and their reasons) are shared/one-time-code's. */
export const CODE_TTL_MS = ONE_TIME_CODE_TTL_MS;
export const CODE_MAX_ATTEMPTS = ONE_TIME_CODE_MAX_ATTEMPTS;
export const CODE_RESEND_MS = ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS;
export const CODE_MAX_PER_PHONE_PER_HOUR = ONE_TIME_CODE_MAX_PER_PHONE_PER_HOUR;

/** What the code authorises, the `action` of the signing_code template. */
const ACTION: Record<CodePurpose, string> = {
  verify_phone: "营业厅办理借款申请",
  sign: "签署借款相关协议",
  repayment_channel: "变更还款方式",
};

function hash(secretKey: Uint8Array, operatorId: string, purpose: string, subject: string, phone: string, code: string) {
  return hashOneTimeCode(secretKey, [operatorId, purpose, subject, phone], code);
}

/**
 * Sends a 6-digit code for one purpose and subject (an application, a loan, a phone)
 * to `phone`; one a minute per subject and five an hour per phone. Kept apart from the
 * sign-in codes so signing cannot consume a sign-in code or the reverse. Sent after the
 * code commits; a refused or unanswered send throws `sms.send_failed` on the code field.
 */
export async function sendBorrowingCode(
  db: Db,
  input: {
    operatorId: string;
    purpose: CodePurpose;
    subject: string;
    phone: string;
    requestIp: string;
    secretKey: Uint8Array;
    sms: OneTimeCodeSms;
    now?: Date;
  },
): Promise<{ expiresAt: Date }> {
  const now = input.now ?? new Date();
  const { expiresAt, messageId } = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`borrowing-code:${input.operatorId}:${input.phone}`}))`);
    const [latest] = await tx
      .select({ createdAt: borrowingCodes.createdAt })
      .from(borrowingCodes)
      .where(and(eq(borrowingCodes.operatorId, input.operatorId), eq(borrowingCodes.purpose, input.purpose), eq(borrowingCodes.subject, input.subject)))
      .orderBy(desc(borrowingCodes.createdAt))
      .limit(1);
    const [perPhone] = await tx
      .select({ n: count() })
      .from(borrowingCodes)
      .where(and(eq(borrowingCodes.operatorId, input.operatorId), eq(borrowingCodes.phone, input.phone), gt(borrowingCodes.createdAt, new Date(now.getTime() - HOUR_MS))));
    checkOneTimeCodeSend({ now, lastSentAt: latest?.createdAt ?? null, sentToPhoneLastHour: perPhone?.n ?? 0, field: "code" });
    const code = newOneTimeCode();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await tx.insert(borrowingCodes).values({
      operatorId: input.operatorId,
      purpose: input.purpose,
      subject: input.subject,
      phone: input.phone,
      codeHash: hash(input.secretKey, input.operatorId, input.purpose, input.subject, input.phone, code),
      requestIp: input.requestIp,
      createdAt: now,
      expiresAt,
    });
    const { messageId } = await input.sms.record(tx, {
      operatorId: input.operatorId,
      phone: input.phone,
      kind: "signing_code",
      params: { action: ACTION[input.purpose], code, minutes: String(CODE_TTL_MS / 60000) },
    });
    return { expiresAt, messageId };
  });
  await input.sms.sendNow(db, messageId, "code");
  return { expiresAt };
}

/**
 * Checks a code without using it up: a wrong guess is counted (and committed) and the
 * fifth burns the code. Returns the code's id; the caller consumes it with
 * `consumeBorrowingCode` inside the transaction of the action it authorises.
 */
export async function checkBorrowingCode(
  db: Db,
  input: { operatorId: string; purpose: CodePurpose; subject: string; phone: string; code: string; secretKey: Uint8Array; now?: Date },
): Promise<{ codeId: string }> {
  const now = input.now ?? new Date();
  if (!looksLikeOneTimeCode(input.code)) throw new DomainError("sms.code_wrong", { field: "code", details: { remaining: CODE_MAX_ATTEMPTS } });
  const outcome = await db.transaction(async (tx) => {
    const [latest] = await tx
      .select()
      .from(borrowingCodes)
      .where(
        and(
          eq(borrowingCodes.operatorId, input.operatorId),
          eq(borrowingCodes.purpose, input.purpose),
          eq(borrowingCodes.subject, input.subject),
          isNull(borrowingCodes.consumedAt),
        ),
      )
      .orderBy(desc(borrowingCodes.createdAt))
      .limit(1)
      .for("update");
    const stored = latest && latest.phone === input.phone ? latest : null;
    const verdict = judgeOneTimeCode(stored, hash(input.secretKey, input.operatorId, input.purpose, input.subject, input.phone, input.code.trim()), now);
    if (!verdict.ok) {
      if (stored && verdict.attempts !== undefined) await tx.update(borrowingCodes).set({ attempts: verdict.attempts }).where(eq(borrowingCodes.id, stored.id));
      return { error: verdict.error };
    }
    return { codeId: stored!.id };
  });
  if ("error" in outcome) throw outcome.error;
  return { codeId: outcome.codeId! };
}

/** Uses a checked code up, once: a second use (a replayed submit) finds nothing. */
export async function consumeBorrowingCode(tx: DbOrTx, codeId: string, now: Date): Promise<void> {
  const used = await tx
    .update(borrowingCodes)
    .set({ consumedAt: now })
    .where(and(eq(borrowingCodes.id, codeId), isNull(borrowingCodes.consumedAt)))
    .returning({ id: borrowingCodes.id });
  if (used.length === 0) throw new DomainError("sms.no_code", { field: "code" });
}
