import type { Db } from "../../db/client";
import type { OneTimeCodeSms } from "../sms/sms-sender";
import { findUserByPhone } from "./find-users";
import { sendSmsCode } from "./send-sms-code";

/**
 * The first step of 忘记密码: a reset code to the phone, throttled exactly like sign-in codes
 * (the same table and limits: one a minute, five an hour per phone, twenty an hour per
 * address). A number with no account here gets no message, and the answer is the same, so
 * the form does not tell a stranger which numbers are registered.
 */
export async function sendPasswordResetCode(
  db: Db,
  input: { operatorId: string; phone: string; requestIp: string; secretKey: Uint8Array; sms: OneTimeCodeSms; now?: Date },
): Promise<void> {
  const user = await findUserByPhone(db, input.operatorId, input.phone);
  if (!user) return;
  await sendSmsCode(db, { ...input, purpose: "password_reset" });
}
