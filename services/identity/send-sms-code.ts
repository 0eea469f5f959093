import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsCodes } from "../../db/schema";
import { checkOneTimeCodeSend, hashOneTimeCode, HOUR_MS, newOneTimeCode } from "../shared/one-time-code";
import type { OneTimeCodeSms } from "../sms/sms-sender";
import { SMS_CODE_TTL_MS } from "./limits";

export interface SendSmsCodeInput {
  operatorId: string;
  phone: string;
  requestIp: string;
  secretKey: Uint8Array;
  /** Records the message with the code (so the throttles count it) and sends it after commit. */
  sms: OneTimeCodeSms;
  now?: Date;
}

/**
 * Issues a sign-in code. Throttled per phone (one a minute, five an hour) and per
 * IP address (twenty an hour). A per-phone advisory lock makes the throttle hold
 * when two requests race. The code is committed before the SMS goes out: a send the
 * provider refuses or does not answer throws `sms.send_failed` on the phone field, and
 * counts against the throttles like any code issued (a timed-out send may still arrive).
 */
export async function sendSmsCode(db: Db, input: SendSmsCodeInput): Promise<{ expiresAt: Date }> {
  const now = input.now ?? new Date();
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const { expiresAt, messageId } = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms:${input.operatorId}:${input.phone}`}))`);

    const recentForPhone = await tx
      .select({ createdAt: smsCodes.createdAt })
      .from(smsCodes)
      .where(and(eq(smsCodes.operatorId, input.operatorId), eq(smsCodes.phone, input.phone), gt(smsCodes.createdAt, hourAgo)));
    const latestMs = Math.max(0, ...recentForPhone.map((r) => r.createdAt.getTime()));
    const [ipRow] = await tx
      .select({ n: count() })
      .from(smsCodes)
      .where(and(eq(smsCodes.requestIp, input.requestIp), gt(smsCodes.createdAt, hourAgo)));
    checkOneTimeCodeSend({
      now,
      lastSentAt: latestMs > 0 ? new Date(latestMs) : null,
      sentToPhoneLastHour: recentForPhone.length,
      sentFromIpLastHour: ipRow?.n ?? 0,
      field: "phone",
    });

    const code = newOneTimeCode();
    const expiresAt = new Date(now.getTime() + SMS_CODE_TTL_MS);
    await tx.insert(smsCodes).values({
      operatorId: input.operatorId,
      phone: input.phone,
      codeHash: hashOneTimeCode(input.secretKey, [input.operatorId, input.phone], code),
      requestIp: input.requestIp,
      createdAt: now,
      expiresAt,
    });
    const { messageId } = await input.sms.record(tx, {
      operatorId: input.operatorId,
      phone: input.phone,
      kind: "login_code",
      params: { code, minutes: String(SMS_CODE_TTL_MS / 60000) },
    });
    return { expiresAt, messageId };
  });
  await input.sms.sendNow(db, messageId, "phone");
  return { expiresAt };
}
