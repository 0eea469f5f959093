import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { hashRecoveryCode, matchTotpStep, newRecoveryCodes, totpCodeAt, totpKeyUri, totpStep } from "./totp";

const RFC_KEY = new TextEncoder().encode("12345678901234567890");

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC's SHA-1 test vectors (last six of the eight digits)", () => {
    expect(generateHOTP(RFC_KEY, totpStep(59_000), 8)).toBe("94287082");
    expect(generateHOTP(RFC_KEY, totpStep(1_111_111_109_000), 8)).toBe("07081804");
    expect(totpCodeAt(RFC_KEY, totpStep(1_234_567_890_000))).toBe("005924");
  });

  it("accepts one step of clock skew either way and nothing further", () => {
    const now = 1_800_000_000_000;
    const step = totpStep(now);
    expect(matchTotpStep(RFC_KEY, totpCodeAt(RFC_KEY, step), now, null)).toBe(step);
    expect(matchTotpStep(RFC_KEY, totpCodeAt(RFC_KEY, step - 1n), now, null)).toBe(step - 1n);
    expect(matchTotpStep(RFC_KEY, totpCodeAt(RFC_KEY, step + 1n), now, null)).toBe(step + 1n);
    expect(matchTotpStep(RFC_KEY, totpCodeAt(RFC_KEY, step - 2n), now, null)).toBeNull();
    expect(matchTotpStep(RFC_KEY, totpCodeAt(RFC_KEY, step + 2n), now, null)).toBeNull();
  });

  it("refuses a replayed code and any code of an earlier step than the last accepted", () => {
    const now = 1_800_000_000_000;
    const step = totpStep(now);
    const code = totpCodeAt(RFC_KEY, step);
    expect(matchTotpStep(RFC_KEY, code, now, step)).toBeNull();
    expect(matchTotpStep(RFC_KEY, totpCodeAt(RFC_KEY, step - 1n), now, step)).toBeNull();
    expect(matchTotpStep(RFC_KEY, totpCodeAt(RFC_KEY, step + 1n), now, step)).toBe(step + 1n);
  });

  it("refuses malformed input and tolerates spaces", () => {
    const now = 1_800_000_000_000;
    const code = totpCodeAt(RFC_KEY, totpStep(now));
    expect(matchTotpStep(RFC_KEY, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).toBe(totpStep(now));
    for (const bad of ["", "12345", "1234567", "abcdef"]) expect(matchTotpStep(RFC_KEY, bad, now, null)).toBeNull();
  });

  it("makes an otpauth URI and recovery codes that hash the same however typed", () => {
    expect(totpKeyUri("普惠金融", "13900000001", RFC_KEY)).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.*period=30/);
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const key = new Uint8Array(32).fill(1);
    expect(hashRecoveryCode(key, codes[0]!)).toBe(hashRecoveryCode(key, ` ${codes[0]!.toUpperCase().replace("-", "")} `));
    expect(hashRecoveryCode(key, codes[0]!)).not.toBe(hashRecoveryCode(key, codes[1]!));
  });
});
