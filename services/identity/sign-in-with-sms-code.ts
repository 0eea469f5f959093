import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsCodes } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { createSession, type CreatedSession } from "./create-session";
import { findOrCreateUser } from "./find-or-create-user";
import { hashOneTimeCode, judgeOneTimeCode } from "../shared/one-time-code";

export interface SignInWithSmsCodeInput {
  operatorId: string;
  phone: string;
  code: string;
  secretKey: Uint8Array;
  now?: Date;
}

/**
 * Checks the latest unused code for the phone. A wrong guess is counted (and the
 * count committed) before the error is raised; the fifth wrong guess burns the code.
 * A first sign-in creates the account: the code proves the phone is theirs.
 */
export async function signInWithSmsCode(
  db: Db,
  input: SignInWithSmsCodeInput,
): Promise<CreatedSession & { userId: string; created: boolean }> {
  const now = input.now ?? new Date();
  const outcome = await db.transaction(async (tx) => {
    const [latest] = await tx
      .select()
      .from(smsCodes)
      .where(and(eq(smsCodes.operatorId, input.operatorId), eq(smsCodes.phone, input.phone), eq(smsCodes.purpose, "sign_in"), isNull(smsCodes.consumedAt)))
      .orderBy(desc(smsCodes.createdAt))
      .limit(1)
      .for("update");
    const verdict = judgeOneTimeCode(latest ?? null, hashOneTimeCode(input.secretKey, [input.operatorId, input.phone], input.code), now);
    if (!verdict.ok) {
      if (latest && verdict.attempts !== undefined) await tx.update(smsCodes).set({ attempts: verdict.attempts }).where(eq(smsCodes.id, latest.id));
      return { error: verdict.error } as const;
    }
    await tx.update(smsCodes).set({ consumedAt: now }).where(eq(smsCodes.id, latest!.id));
    const user = await findOrCreateUser(tx, input.operatorId, input.phone);
    const session = await createSession(tx, user.id, now);
    await recordAudit(tx, {
      operatorId: input.operatorId,
      actorUserId: user.id,
      action: user.created ? "user.registered_by_sms" : "session.signed_in_by_sms",
    }, now);
    return { session: { ...session, userId: user.id, created: user.created } } as const;
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.session;
}
