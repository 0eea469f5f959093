import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLog, staffSecondFactors, userRoles } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { decryptBytes } from "../shared/crypto/field-encryption";
import { DomainError } from "../shared/errors";
import { confirmTotpEnrolment } from "./confirm-totp-enrolment";
import { createSession } from "./create-session";
import { proveSecondFactor } from "./prove-second-factor";
import { validateSession } from "./validate-session";
import { findOrCreateUser } from "./find-or-create-user";
import { startTotpEnrolment, TOTP_KEY_PURPOSE } from "./start-totp-enrolment";
import { totpCodeAt, totpStep } from "./totp";
import { verifySecondFactor } from "./verify-second-factor";

const SECRET = new Uint8Array(32).fill(9);
const T0 = new Date("2026-12-03T02:00:00Z");
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  return p.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));
}

describeEachDatabase("staff second factor (TOTP)", (ctx) => {
  let operatorId: string;
  beforeAll(async () => {
    operatorId = (await createTestOperator(ctx.db, "tfa")).id;
  });

  /** What the person's authenticator app holds: the key inside the QR code. */
  async function appKey(userId: string): Promise<Uint8Array> {
    const [row] = await ctx.db.select().from(staffSecondFactors).where(eq(staffSecondFactors.userId, userId));
    return decryptBytes(SECRET, TOTP_KEY_PURPOSE, row!.keyEnc, `user:${userId}`);
  }

  it("enrols with a first code, then accepts each code once, with one step of clock skew", async () => {
    const { id: userId } = await findOrCreateUser(ctx.db, operatorId, "13600000001");
    const { keyUri } = await startTotpEnrolment(ctx.db, { userId, secretKey: SECRET, issuer: "普惠金融", accountName: "13600000001" });
    expect(keyUri).toMatch(/^otpauth:\/\/totp\//);
    const key = await appKey(userId);
    expect(await codeOf(verifySecondFactor(ctx.db, { operatorId, userId, code: totpCodeAt(key, totpStep(T0.getTime())), secretKey: SECRET, now: T0 }))).toBe("auth.second_factor_not_enrolled");

    const { recoveryCodes } = await confirmTotpEnrolment(ctx.db, { operatorId, userId, code: totpCodeAt(key, totpStep(T0.getTime())), secretKey: SECRET, now: T0 });
    expect(recoveryCodes).toHaveLength(10);
    // The enrolment code is used up: the same code again is refused, even within its 30 seconds.
    expect(await codeOf(verifySecondFactor(ctx.db, { operatorId, userId, code: totpCodeAt(key, totpStep(T0.getTime())), secretKey: SECRET, now: later(5) }))).toBe("auth.second_factor_wrong");
    // The phone's clock runs 30 s slow: the previous step's code a minute later is still one step off.
    const t1 = later(60);
    expect(await verifySecondFactor(ctx.db, { operatorId, userId, code: totpCodeAt(key, totpStep(t1.getTime()) - 1n), secretKey: SECRET, now: t1 })).toBe("totp");
    // Two steps off is refused.
    const t2 = later(300);
    expect(await codeOf(verifySecondFactor(ctx.db, { operatorId, userId, code: totpCodeAt(key, totpStep(t2.getTime()) - 2n), secretKey: SECRET, now: t2 }))).toBe("auth.second_factor_wrong");
    expect(await codeOf(startTotpEnrolment(ctx.db, { userId, secretKey: SECRET, issuer: "x", accountName: "y" }))).toBe("auth.second_factor_already_enrolled");
  });

  it("the same code sent twice at once is accepted once", async () => {
    const { id: userId } = await findOrCreateUser(ctx.db, operatorId, "13600000002");
    await startTotpEnrolment(ctx.db, { userId, secretKey: SECRET, issuer: "普惠金融", accountName: "13600000002" });
    const key = await appKey(userId);
    await confirmTotpEnrolment(ctx.db, { operatorId, userId, code: totpCodeAt(key, totpStep(T0.getTime())), secretKey: SECRET, now: T0 });
    const t = later(90);
    const code = totpCodeAt(key, totpStep(t.getTime()));
    const results = await Promise.all([1, 2, 3].map(() => codeOf(verifySecondFactor(ctx.db, { operatorId, userId, code, secretKey: SECRET, now: t }))));
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.filter((r) => r === "auth.second_factor_wrong")).toHaveLength(2);
  });

  it("a recovery code works once, however typed; failures are audited", async () => {
    const { id: userId } = await findOrCreateUser(ctx.db, operatorId, "13600000003");
    await startTotpEnrolment(ctx.db, { userId, secretKey: SECRET, issuer: "普惠金融", accountName: "13600000003" });
    const key = await appKey(userId);
    const { recoveryCodes } = await confirmTotpEnrolment(ctx.db, { operatorId, userId, code: totpCodeAt(key, totpStep(T0.getTime())), secretKey: SECRET, now: T0 });
    const code = recoveryCodes[3]!;
    expect(await verifySecondFactor(ctx.db, { operatorId, userId, code: ` ${code.toUpperCase()} `, secretKey: SECRET, now: later(10) })).toBe("recovery_code");
    expect(await codeOf(verifySecondFactor(ctx.db, { operatorId, userId, code, secretKey: SECRET, now: later(20) }))).toBe("auth.second_factor_wrong");
    const actions = (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorUserId, userId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["second_factor.enrolled", "second_factor.recovery_code_used", "second_factor.failed"]));
  });

  it("a session whose roles need a second factor is pending until a code proves it; other roles never are", async () => {
    const { id: userId } = await findOrCreateUser(ctx.db, operatorId, "13600000009");
    await ctx.db.insert(userRoles).values({ userId, role: "finance" });
    const { token, sessionId } = await createSession(ctx.db, userId, T0);
    expect((await validateSession(ctx.db, token, T0))?.secondFactorPending).toBe(true);

    await startTotpEnrolment(ctx.db, { userId, secretKey: SECRET, issuer: "普惠金融", accountName: "13600000009" });
    const key = await appKey(userId);
    expect(await codeOf(proveSecondFactor(ctx.db, { operatorId, userId, sessionId, code: "000000", enrolling: true, secretKey: SECRET, now: T0 }))).toBe("auth.second_factor_wrong");
    expect((await validateSession(ctx.db, token, T0))?.secondFactorPending).toBe(true);
    const proved = await proveSecondFactor(ctx.db, { operatorId, userId, sessionId, code: totpCodeAt(key, totpStep(T0.getTime())), enrolling: true, secretKey: SECRET, now: T0 });
    expect(proved.recoveryCodes).toHaveLength(10);
    expect((await validateSession(ctx.db, token, later(1)))?.secondFactorPending).toBe(false);

    // A new session of the same person is pending again; the replayed code does not open it.
    const second = await createSession(ctx.db, userId, later(10));
    expect(await codeOf(proveSecondFactor(ctx.db, { operatorId, userId, sessionId: second.sessionId, code: totpCodeAt(key, totpStep(T0.getTime())), enrolling: false, secretKey: SECRET, now: later(10) }))).toBe("auth.second_factor_wrong");
    expect((await validateSession(ctx.db, second.token, later(10)))?.secondFactorPending).toBe(true);
    const t = later(45);
    expect((await proveSecondFactor(ctx.db, { operatorId, userId, sessionId: second.sessionId, code: totpCodeAt(key, totpStep(t.getTime())), enrolling: false, secretKey: SECRET, now: t })).method).toBe("totp");
    expect((await validateSession(ctx.db, second.token, t))?.secondFactorPending).toBe(false);
    expect((await ctx.db.select().from(auditLog).where(eq(auditLog.actorUserId, userId))).filter((a) => a.action === "second_factor.verified")).toHaveLength(2);

    // A store clerk is never asked.
    const { id: clerk } = await findOrCreateUser(ctx.db, operatorId, "13600000010");
    await ctx.db.insert(userRoles).values({ userId: clerk, role: "store_clerk" });
    expect((await validateSession(ctx.db, (await createSession(ctx.db, clerk, T0)).token, T0))?.secondFactorPending).toBe(false);
  });
});
