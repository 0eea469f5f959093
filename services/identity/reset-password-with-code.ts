import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsCodes, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { hashOneTimeCode, judgeOneTimeCode, looksLikeOneTimeCode, ONE_TIME_CODE_MAX_ATTEMPTS } from "../shared/one-time-code";
import { invalidateUserSessions } from "./invalidate-session";
import { clearPasswordFailures, normalizeSource } from "./password-failures";
import { hashPassword } from "./password-hash";
import { smsCodeScope } from "./send-sms-code";
import { checkPasswordStrength } from "./set-password";

/**
 * The second step of 忘记密码: the latest unused reset code for the phone (a wrong guess is
 * counted and committed, the fifth burns the code), then the new password, hashed as every
 * password is. Every session of the account ends (whoever knew the old password is signed
 * out) and the reset source's wrong-password count is cleared. A sign-in code is never
 * accepted here, nor a reset code at sign-in.
 */
export async function resetPasswordWithCode(
  db: Db,
  input: { operatorId: string; phone: string; code: string; newPassword: string; secretKey: Uint8Array; source?: string; now?: Date },
): Promise<{ userId: string }> {
  checkPasswordStrength(input.newPassword);
  if (!looksLikeOneTimeCode(input.code)) throw new DomainError("sms.code_wrong", { field: "code", details: { remaining: ONE_TIME_CODE_MAX_ATTEMPTS } });
  const now = input.now ?? new Date();
  const passwordHash = await hashPassword(input.newPassword);
  const outcome = await db.transaction(async (tx) => {
    const [latest] = await tx
      .select()
      .from(smsCodes)
      .where(and(eq(smsCodes.operatorId, input.operatorId), eq(smsCodes.phone, input.phone), eq(smsCodes.purpose, "password_reset"), isNull(smsCodes.consumedAt)))
      .orderBy(desc(smsCodes.createdAt))
      .limit(1)
      .for("update");
    const candidate = hashOneTimeCode(input.secretKey, smsCodeScope(input.operatorId, input.phone, "password_reset"), input.code.trim());
    const verdict = judgeOneTimeCode(latest ?? null, candidate, now);
    if (!verdict.ok) {
      if (latest && verdict.attempts !== undefined) await tx.update(smsCodes).set({ attempts: verdict.attempts }).where(eq(smsCodes.id, latest.id));
      return { error: verdict.error } as const;
    }
    await tx.update(smsCodes).set({ consumedAt: now }).where(eq(smsCodes.id, latest!.id));
    const [user] = await tx.update(users).set({ passwordHash }).where(and(eq(users.operatorId, input.operatorId), eq(users.phone, input.phone))).returning({ id: users.id });
    if (!user) return { error: new DomainError("sms.no_code", { field: "code" }) } as const;
    await clearPasswordFailures(tx, { userId: user.id, source: normalizeSource(input.source) });
    await invalidateUserSessions(tx, user.id);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: user.id, action: "password.reset_by_sms", details: { source: normalizeSource(input.source) } }, now);
    return { userId: user.id } as const;
  });
  if ("error" in outcome) throw outcome.error;
  return { userId: outcome.userId };
}
