import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { borrowingCodes } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { randomDigits } from "../shared/random";
import type { SmsSender } from "../sms/sms-sender";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { codeHash } from "./crypto";

export type CodePurpose = "verify_phone" | "sign" | "repayment_channel";

export const CODE_TTL_MS = 5 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;
export const CODE_RESEND_MS = 60 * 1000;
export const CODE_MAX_PER_PHONE_PER_HOUR = 5;

const BODY: Record<CodePurpose, string> = {
  verify_phone: "您正在营业厅办理借款申请，手机验证码",
  sign: "您正在签署借款相关协议，签约验证码",
  repayment_channel: "您正在变更还款方式，验证码",
};

function hash(secretKey: Uint8Array, operatorId: string, purpose: string, subject: string, phone: string, code: string) {
  return codeHash(secretKey, [operatorId, purpose, subject, phone, code]);
}

/**
 * Sends a 6-digit code for one purpose and subject (an application, a loan, a phone)
 * to `phone`; one a minute per subject and five an hour per phone. Kept apart from the
 * sign-in codes so signing cannot consume a sign-in code or the reverse.
 */
export async function sendBorrowingCode(
  db: Db,
  input: {
    operatorId: string;
    operatorNameZh: string;
    purpose: CodePurpose;
    subject: string;
    phone: string;
    requestIp: string;
    secretKey: Uint8Array;
    smsSender: (db: DbOrTx) => SmsSender;
    now?: Date;
  },
): Promise<{ expiresAt: Date }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`borrowing-code:${input.operatorId}:${input.phone}`}))`);
    const [latest] = await tx
      .select({ createdAt: borrowingCodes.createdAt })
      .from(borrowingCodes)
      .where(and(eq(borrowingCodes.operatorId, input.operatorId), eq(borrowingCodes.purpose, input.purpose), eq(borrowingCodes.subject, input.subject)))
      .orderBy(desc(borrowingCodes.createdAt))
      .limit(1);
    if (latest && now.getTime() - latest.createdAt.getTime() < CODE_RESEND_MS) {
      throw new DomainError("sms.throttled_phone", { field: "code", details: { waitSeconds: Math.ceil((latest.createdAt.getTime() + CODE_RESEND_MS - now.getTime()) / 1000) } });
    }
    const [perPhone] = await tx
      .select({ n: count() })
      .from(borrowingCodes)
      .where(and(eq(borrowingCodes.operatorId, input.operatorId), eq(borrowingCodes.phone, input.phone), gt(borrowingCodes.createdAt, new Date(now.getTime() - 3600_000))));
    if ((perPhone?.n ?? 0) >= CODE_MAX_PER_PHONE_PER_HOUR) throw new DomainError("sms.throttled_phone", { field: "code", details: { waitSeconds: 3600 } });
    const code = randomDigits(6);
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
    await input.smsSender(tx).send({
      operatorId: input.operatorId,
      phone: input.phone,
      body: `【${input.operatorNameZh}·普惠金融】${BODY[input.purpose]} ${code}，5 分钟内有效。请勿告诉他人，工作人员不会向您索要。`,
    });
    return { expiresAt };
  });
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
  if (!/^\d{6}$/.test(input.code.trim())) throw new DomainError("sms.code_wrong", { field: "code", details: { remaining: CODE_MAX_ATTEMPTS } });
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
    if (!latest || latest.phone !== input.phone) return { error: new DomainError("sms.no_code", { field: "code" }) };
    if (latest.attempts >= CODE_MAX_ATTEMPTS) return { error: new DomainError("sms.too_many_attempts", { field: "code" }) };
    if (now.getTime() >= latest.expiresAt.getTime()) return { error: new DomainError("sms.code_expired", { field: "code" }) };
    const candidate = hash(input.secretKey, input.operatorId, input.purpose, input.subject, input.phone, input.code.trim());
    if (!(latest.codeHash.length === candidate.length && constantTimeEqual(latest.codeHash, candidate))) {
      const attempts = latest.attempts + 1;
      await tx.update(borrowingCodes).set({ attempts }).where(eq(borrowingCodes.id, latest.id));
      const remaining = CODE_MAX_ATTEMPTS - attempts;
      return {
        error: remaining > 0 ? new DomainError("sms.code_wrong", { field: "code", details: { remaining } }) : new DomainError("sms.too_many_attempts", { field: "code" }),
      };
    }
    return { codeId: latest.id };
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
