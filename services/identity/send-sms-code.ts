import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { smsCodes } from "../../db/schema";
import { checkOneTimeCodeSend, hashOneTimeCode, HOUR_MS, newOneTimeCode } from "../shared/one-time-code";
import type { SmsSender } from "../sms/sms-sender";
import { SMS_CODE_TTL_MS } from "./limits";

export interface SendSmsCodeInput {
  operatorId: string;
  operatorNameZh: string;
  phone: string;
  requestIp: string;
  secretKey: Uint8Array;
  /** Builds the sender inside the transaction, so a sandbox outbox row commits with the code. */
  smsSender: (db: DbOrTx) => SmsSender;
  now?: Date;
}

/**
 * Issues a sign-in code. Throttled per phone (one a minute, five an hour) and per
 * IP address (twenty an hour). A per-phone advisory lock makes the throttle hold
 * when two requests race.
 */
export async function sendSmsCode(db: Db, input: SendSmsCodeInput): Promise<{ expiresAt: Date }> {
  const now = input.now ?? new Date();
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  return db.transaction(async (tx) => {
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
    await input.smsSender(tx).send({
      operatorId: input.operatorId,
      phone: input.phone,
      body: `【${input.operatorNameZh}·普惠金融】您的登录验证码是 ${code}，${SMS_CODE_TTL_MS / 60000} 分钟内有效。请勿告诉他人。`,
    });
    return { expiresAt };
  });
}
