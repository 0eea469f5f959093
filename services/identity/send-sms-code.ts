import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsCodes } from "../../db/schema";
import { checkOneTimeCodeSend, hashOneTimeCode, HOUR_MS, newOneTimeCode } from "../shared/one-time-code";
import type { OneTimeCodeSms } from "../sms/sms-sender";
import { SMS_CODE_TTL_MS } from "./limits";

/** What a code in sms_codes is for; a code for one purpose is never accepted for the other. */
export type SmsCodePurpose = "sign_in" | "password_reset";

/** The scope a code's hash is bound to (sign-in codes keep the scope they always had). */
export function smsCodeScope(operatorId: string, phone: string, purpose: SmsCodePurpose): string[] {
  return purpose === "sign_in" ? [operatorId, phone] : [operatorId, phone, purpose];
}

export interface SendSmsCodeInput {
  operatorId: string;
  /** Default `sign_in`. Both purposes share the phone's and the address's throttles. */
  purpose?: SmsCodePurpose;
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
  const purpose = input.purpose ?? "sign_in";
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
      purpose,
      codeHash: hashOneTimeCode(input.secretKey, smsCodeScope(input.operatorId, input.phone, purpose), code),
      requestIp: input.requestIp,
      createdAt: now,
      expiresAt,
    });
    const minutes = String(SMS_CODE_TTL_MS / 60000);
    const { messageId } = await input.sms.record(
      tx,
      purpose === "sign_in"
        ? { operatorId: input.operatorId, phone: input.phone, kind: "login_code", params: { code, minutes } }
        : { operatorId: input.operatorId, phone: input.phone, kind: "signing_code", params: { action: "重置登录密码", code, minutes } },
    );
    return { expiresAt, messageId };
  });
  await input.sms.sendNow(db, messageId, "phone");
  return { expiresAt };
}
