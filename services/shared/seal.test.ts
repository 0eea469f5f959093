import { describe, expect, it } from "vitest";
import { seal, unseal } from "./seal";

const key = new Uint8Array(32).fill(3);
const later = (ms: number) => new Date(Date.now() + ms);

describe("sealed values", () => {
  it("open only with the same key and purpose, unaltered and unexpired", () => {
    const sealed = seal(key, "purpose-a", { state: "s", n: 1 }, later(60_000));
    expect(sealed).not.toContain("state");
    expect(unseal(key, "purpose-a", sealed)).toEqual({ state: "s", n: 1 });
    expect(unseal(key, "purpose-b", sealed)).toBeNull();
    expect(unseal(new Uint8Array(32).fill(4), "purpose-a", sealed)).toBeNull();
    const flipped = sealed.slice(0, 20) + (sealed[20] === "A" ? "B" : "A") + sealed.slice(21);
    expect(unseal(key, "purpose-a", flipped)).toBeNull();
    expect(unseal(key, "purpose-a", sealed, later(60_001))).toBeNull();
    for (const junk of [null, undefined, "", "not base64url!", "AAAA"]) expect(unseal(key, "purpose-a", junk)).toBeNull();
  });
});

describe("sealed values from before the shared layout", () => {
  it("still open (a value sealed by the old services/shared/seal.ts: IV | ciphertext | tag, HMAC-derived key)", () => {
    // Produced by the pre-version-2 seal(new Uint8Array(32).fill(7), "handoff", { s: "x" }, 2099-01-01).
    const OLD = "rkHVdo1bSC-HSnvtiPglfN2W3qLxpdTT0zwvxS94MVUwMWoOZyXGdvpYudFizdHP1uhBbS550qvfsUahs4Kr";
    const oldKey = new Uint8Array(32).fill(7);
    expect(unseal(oldKey, "handoff", OLD, new Date("2098-12-31T00:00:00Z"))).toEqual({ s: "x" });
    expect(unseal(oldKey, "other", OLD, new Date("2098-12-31T00:00:00Z"))).toBeNull();
    expect(unseal(oldKey, "handoff", OLD, new Date("2099-01-01T00:00:00Z"))).toBeNull();
  });

  it("new values carry the field layout's version byte", () => {
    expect(Buffer.from(seal(key, "purpose-a", 1, later(1000)), "base64url")[0]).toBe(2);
  });
});
