import { beforeAll, expect, it } from "vitest";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";
import { domainErrorCode as errorCode } from "../shared/testing/domain-error-code";
import { createSession } from "./create-session";
import { findOrCreateUser } from "./find-or-create-user";
import { resetPasswordWithCode } from "./reset-password-with-code";
import { sendPasswordResetCode } from "./send-password-reset-code";
import { sendSmsCode } from "./send-sms-code";
import { setPassword } from "./set-password";
import { signInWithPassword } from "./sign-in-with-password";
import { signInWithSmsCode } from "./sign-in-with-sms-code";
import { validateSession } from "./validate-session";

const secretKey = new Uint8Array(32).fill(7);
const sms = createTestSms(secretKey);
const MINUTE_MS = 60_000;

describeEachDatabase("password reset by SMS code", (ctx) => {
  let operatorId = "";
  const lastCode = async (phone: string) => /(\d{6})/.exec((await smsBodiesTo(ctx.db, operatorId, phone, secretKey))[0] ?? "")?.[1] ?? "";

  beforeAll(async () => {
    operatorId = (await createTestOperator(ctx.db, "reset")).id;
  });

  it("resets with the code sent to the phone, ends every session, and the code works once", async () => {
    const phone = "13700000011";
    const { id } = await findOrCreateUser(ctx.db, operatorId, phone);
    await setPassword(ctx.db, { userId: id, newPassword: "Forgot123" });
    const session = await createSession(ctx.db, id);
    const t0 = new Date();
    await sendPasswordResetCode(ctx.db, { operatorId, phone, requestIp: "10.0.0.9", secretKey, sms: sms.codes, now: t0 });
    expect((await smsBodiesTo(ctx.db, operatorId, phone, secretKey))[0]).toContain("您正在重置登录密码");
    const code = await lastCode(phone);
    const reset = { operatorId, phone, code, newPassword: "NewPass123", secretKey, source: "10.0.0.9", now: t0 };

    expect(await errorCode(resetPasswordWithCode(ctx.db, { ...reset, newPassword: "short" }))).toBe("auth.password_too_weak");
    expect(await errorCode(resetPasswordWithCode(ctx.db, { ...reset, code: code === "000000" ? "111111" : "000000" }))).toBe("sms.code_wrong");
    // The reset code does not sign in, and a sign-in code does not reset.
    expect(await errorCode(signInWithSmsCode(ctx.db, { operatorId, phone, code, secretKey, now: t0 }))).toBe("sms.no_code");
    expect(await resetPasswordWithCode(ctx.db, reset)).toEqual({ userId: id });
    expect(await validateSession(ctx.db, session.token)).toBeNull();
    expect(await errorCode(resetPasswordWithCode(ctx.db, reset))).toBe("sms.no_code");
    expect((await signInWithPassword(ctx.db, { operatorId, source: "10.0.0.9", phone, password: "NewPass123" })).userId).toBe(id);
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source: "10.0.0.9", phone, password: "Forgot123" }))).toBe("auth.wrong_credentials");

    const later = new Date(t0.getTime() + 2 * MINUTE_MS);
    await sendSmsCode(ctx.db, { operatorId, phone, requestIp: "10.0.0.9", secretKey, sms: sms.codes, now: later });
    expect(await errorCode(resetPasswordWithCode(ctx.db, { ...reset, code: await lastCode(phone), now: later }))).toBe("sms.no_code");
  });

  it("is throttled with the sign-in codes, and a number without an account gets no message", async () => {
    const phone = "13700000012";
    await findOrCreateUser(ctx.db, operatorId, phone);
    const t0 = new Date();
    await sendSmsCode(ctx.db, { operatorId, phone, requestIp: "10.0.0.10", secretKey, sms: sms.codes, now: t0 });
    expect(await errorCode(sendPasswordResetCode(ctx.db, { operatorId, phone, requestIp: "10.0.0.10", secretKey, sms: sms.codes, now: t0 }))).toBe("sms.throttled_phone");

    await sendPasswordResetCode(ctx.db, { operatorId, phone: "13700000099", requestIp: "10.0.0.10", secretKey, sms: sms.codes, now: t0 });
    expect(await smsBodiesTo(ctx.db, operatorId, "13700000099", secretKey)).toEqual([]);
  });
});
