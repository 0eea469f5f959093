import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import {
  checkOneTimeCodeSend,
  hashOneTimeCode,
  judgeOneTimeCode,
  looksLikeOneTimeCode,
  newOneTimeCode,
  ONE_TIME_CODE_MAX_ATTEMPTS,
  ONE_TIME_CODE_MAX_PER_IP_PER_HOUR,
  ONE_TIME_CODE_MAX_PER_PHONE_PER_HOUR,
  ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS,
} from "./one-time-code";

const key = new Uint8Array(32).fill(7);
const now = new Date("2026-11-22T04:00:00Z");
const errorOf = (work: () => unknown): DomainError | null => {
  try {
    work();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
};

describe("one-time codes", () => {
  it("are six random digits", () => {
    const code = newOneTimeCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(looksLikeOneTimeCode(" 123456 ")).toBe(true);
    expect(looksLikeOneTimeCode("12345")).toBe(false);
    expect(looksLikeOneTimeCode("12345a")).toBe(false);
  });

  it("hash under the server secret, bound to their scope; sign-in hashes are unchanged", () => {
    const signIn = hashOneTimeCode(key, ["op", "13900000001"], "123456");
    // What identity/sms-code-hash.ts stored: HMAC-SHA256(secret, "operator:phone:code").
    expect(Buffer.from(signIn).equals(Buffer.from(hmac(SHA256, key, new TextEncoder().encode("op:13900000001:123456"))))).toBe(true);
    expect(Buffer.from(hashOneTimeCode(key, ["op", "13900000002"], "123456")).equals(Buffer.from(signIn))).toBe(false);
    expect(Buffer.from(hashOneTimeCode(new Uint8Array(32), ["op", "13900000001"], "123456")).equals(Buffer.from(signIn))).toBe(false);
  });

  it("refuse a resend within a minute, the sixth in an hour to a phone, and the 21st from an address when counted", () => {
    const base = { now, sentToPhoneLastHour: 0, field: "phone" };
    expect(errorOf(() => checkOneTimeCodeSend({ ...base, lastSentAt: null }))).toBeNull();
    const tooSoon = errorOf(() => checkOneTimeCodeSend({ ...base, lastSentAt: new Date(now.getTime() - ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS + 10_500) }));
    expect(tooSoon).toMatchObject({ code: "sms.throttled_phone", field: "phone", details: { waitSeconds: 11 } });
    expect(errorOf(() => checkOneTimeCodeSend({ ...base, lastSentAt: new Date(now.getTime() - ONE_TIME_CODE_RESEND_MIN_INTERVAL_MS) }))).toBeNull();
    expect(errorOf(() => checkOneTimeCodeSend({ ...base, lastSentAt: null, sentToPhoneLastHour: ONE_TIME_CODE_MAX_PER_PHONE_PER_HOUR, field: "code" }))).toMatchObject({
      code: "sms.throttled_phone",
      field: "code",
      details: { waitSeconds: 3600 },
    });
    expect(errorOf(() => checkOneTimeCodeSend({ ...base, lastSentAt: null, sentFromIpLastHour: ONE_TIME_CODE_MAX_PER_IP_PER_HOUR }))?.code).toBe("sms.throttled_ip");
    expect(errorOf(() => checkOneTimeCodeSend({ ...base, lastSentAt: null, sentFromIpLastHour: ONE_TIME_CODE_MAX_PER_IP_PER_HOUR - 1 }))).toBeNull();
  });

  it("judge a guess: none, burnt, expired, wrong (counted), right", () => {
    const codeHash = hashOneTimeCode(key, ["op", "p"], "123456");
    const right = hashOneTimeCode(key, ["op", "p"], "123456");
    const wrong = hashOneTimeCode(key, ["op", "p"], "654321");
    const stored = { attempts: 0, expiresAt: new Date(now.getTime() + 1000), codeHash };
    expect(judgeOneTimeCode(null, right, now)).toMatchObject({ ok: false, error: { code: "sms.no_code" } });
    expect(judgeOneTimeCode({ ...stored, attempts: ONE_TIME_CODE_MAX_ATTEMPTS }, right, now)).toMatchObject({ ok: false, error: { code: "sms.too_many_attempts" } });
    expect(judgeOneTimeCode({ ...stored, expiresAt: now }, right, now)).toMatchObject({ ok: false, error: { code: "sms.code_expired" } });
    expect(judgeOneTimeCode(stored, wrong, now)).toMatchObject({ ok: false, attempts: 1, error: { code: "sms.code_wrong", details: { remaining: 4 } } });
    expect(judgeOneTimeCode({ ...stored, attempts: ONE_TIME_CODE_MAX_ATTEMPTS - 1 }, wrong, now)).toMatchObject({ ok: false, attempts: 5, error: { code: "sms.too_many_attempts" } });
    expect(judgeOneTimeCode(stored, right, now)).toEqual({ ok: true });
  });
});
