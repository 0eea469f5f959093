import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { users } from "../../db/schema";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";
import { SANDBOX_UNREACHABLE_PREFIX } from "../sms/sandbox-sms-gateway";
import { DomainError } from "../shared/errors";
import { sendSmsCode } from "./send-sms-code";
import { signInWithSmsCode } from "./sign-in-with-sms-code";
import { validateSession } from "./validate-session";
import { SMS_CODE_TTL_MS, SMS_MAX_PER_IP_PER_HOUR, SMS_MAX_PER_PHONE_PER_HOUR, SMS_RESEND_MIN_INTERVAL_MS } from "./limits";
import type { Db } from "../../db/client";

const secretKey = new Uint8Array(32).fill(7);
const MINUTE_MS = 60_000;
const sms = createTestSms(secretKey);

async function expectCode(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

describeEachDatabase("SMS code sign-in", (ctx) => {
  let operatorId = "";
  let phoneSeq = 0;
  const nextPhone = () => `1390000${String(++phoneSeq).padStart(4, "0")}`;

  async function send(db: Db, phone: string, now: Date, requestIp = "10.0.0.1") {
    return sendSmsCode(db, {
      operatorId,
      phone,
      requestIp,
      secretKey,
      sms: sms.codes,
      now,
    });
  }

  async function lastCode(phone: string): Promise<string> {
    const body = (await smsBodiesTo(ctx.db, operatorId, phone, secretKey))[0] ?? "";
    const code = /(\d{6})/.exec(body)?.[1];
    if (!code) throw new Error(`no code in outbox for ${phone}`);
    return code;
  }

  beforeAll(async () => {
    const op = await createTestOperator(ctx.db, "sms");
    operatorId = op.id;
  });

  it("signs in with the right code, creating the user once, and the code works only once", async () => {
    const phone = nextPhone();
    const t0 = new Date("2026-06-01T08:00:00Z");
    await send(ctx.db, phone, t0);
    const code = await lastCode(phone);
    const first = await signInWithSmsCode(ctx.db, { operatorId, phone, code, secretKey, now: new Date(t0.getTime() + MINUTE_MS) });
    expect(first.created).toBe(true);
    expect((await validateSession(ctx.db, first.token, t0))?.user.phone).toBe(phone);
    await expectCode(signInWithSmsCode(ctx.db, { operatorId, phone, code, secretKey, now: t0 }), "sms.no_code");

    await send(ctx.db, phone, new Date(t0.getTime() + 2 * MINUTE_MS));
    const again = await signInWithSmsCode(ctx.db, {
      operatorId, phone, code: await lastCode(phone), secretKey, now: new Date(t0.getTime() + 3 * MINUTE_MS),
    });
    expect(again.created).toBe(false);
    expect(again.userId).toBe(first.userId);
    expect(await ctx.db.select().from(users).where(and(eq(users.operatorId, operatorId), eq(users.phone, phone)))).toHaveLength(1);
  });

  it("a gateway that cannot send: sms.send_failed beside the phone, and the send still counts for the throttle", async () => {
    const phone = `${SANDBOX_UNREACHABLE_PREFIX}${String(++phoneSeq).padStart(4, "0")}`;
    const t0 = new Date("2026-06-01T09:00:00Z");
    const error = await expectCode(send(ctx.db, phone, t0), "sms.send_failed");
    expect(error.field).toBe("phone");
    await expectCode(send(ctx.db, phone, new Date(t0.getTime() + 10_000)), "sms.throttled_phone");
  });

  it("refuses an expired code", async () => {
    const phone = nextPhone();
    const t0 = new Date("2026-06-02T08:00:00Z");
    await send(ctx.db, phone, t0);
    const code = await lastCode(phone);
    await expectCode(
      signInWithSmsCode(ctx.db, { operatorId, phone, code, secretKey, now: new Date(t0.getTime() + SMS_CODE_TTL_MS) }),
      "sms.code_expired",
    );
    const justInTime = await signInWithSmsCode(ctx.db, { operatorId, phone, code, secretKey, now: new Date(t0.getTime() + SMS_CODE_TTL_MS - 1000) });
    expect(justInTime.userId).toBeTruthy();
  });

  it("counts wrong codes, tells how many tries remain, and burns the code after five", async () => {
    const phone = nextPhone();
    const t0 = new Date("2026-06-03T08:00:00Z");
    await send(ctx.db, phone, t0);
    const code = await lastCode(phone);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let remaining = 4; remaining >= 1; remaining--) {
      const error = await expectCode(signInWithSmsCode(ctx.db, { operatorId, phone, code: wrong, secretKey, now: t0 }), "sms.code_wrong");
      expect(error.details.remaining).toBe(remaining);
    }
    await expectCode(signInWithSmsCode(ctx.db, { operatorId, phone, code: wrong, secretKey, now: t0 }), "sms.too_many_attempts");
    // Even the right code is refused now: guessing cannot continue on this code.
    await expectCode(signInWithSmsCode(ctx.db, { operatorId, phone, code, secretKey, now: t0 }), "sms.too_many_attempts");
  });

  it("throttles resends per phone: one a minute, five an hour", async () => {
    const phone = nextPhone();
    const t0 = new Date("2026-06-04T08:00:00Z");
    await send(ctx.db, phone, t0);
    const error = await expectCode(send(ctx.db, phone, new Date(t0.getTime() + 10_000)), "sms.throttled_phone");
    expect(error.details.waitSeconds).toBe(50);
    for (let i = 1; i < SMS_MAX_PER_PHONE_PER_HOUR; i++) {
      await send(ctx.db, phone, new Date(t0.getTime() + i * (SMS_RESEND_MIN_INTERVAL_MS + 1000)));
    }
    await expectCode(send(ctx.db, phone, new Date(t0.getTime() + 30 * MINUTE_MS)), "sms.throttled_phone");
    await send(ctx.db, phone, new Date(t0.getTime() + 61 * MINUTE_MS));
  });

  it("throttles per IP address across phones", async () => {
    const t0 = new Date("2026-06-05T08:00:00Z");
    const ip = "192.0.2.44";
    for (let i = 0; i < SMS_MAX_PER_IP_PER_HOUR; i++) await send(ctx.db, nextPhone(), t0, ip);
    await expectCode(send(ctx.db, nextPhone(), t0, ip), "sms.throttled_ip");
    await send(ctx.db, nextPhone(), t0, "192.0.2.45");
  });

  it("keeps no readable code in the database", async () => {
    const phone = nextPhone();
    const t0 = new Date("2026-06-06T08:00:00Z");
    await send(ctx.db, phone, t0);
    const code = await lastCode(phone);
    const rows = await ctx.db.execute<{ code_hash: string }>(
      // Cast to text so both drivers give the same hex form.
      (await import("drizzle-orm")).sql`select encode(code_hash, 'hex') as code_hash from sms_codes where phone = ${phone}`,
    );
    const hashes = ((rows as { rows?: unknown[] }).rows ?? (rows as unknown[])) as Array<{ code_hash: string }>;
    expect(hashes).toHaveLength(1);
    expect(hashes[0]!.code_hash).toHaveLength(64);
    expect(hashes[0]!.code_hash).not.toContain(Buffer.from(code).toString("hex"));
  });
});

describe("phone numbers", () => {
  it("accepts mainland mobiles with spaces or +86, refuses the rest", async () => {
    const { phoneSchema } = await import("./phone");
    expect(phoneSchema.parse(" 138 0013 8000 ")).toBe("13800138000");
    expect(phoneSchema.parse("+8613800138000")).toBe("13800138000");
    for (const bad of ["12800138000", "1380013800", "138001380001", "abc", ""]) {
      expect(phoneSchema.safeParse(bad).success).toBe(false);
    }
  });
});
