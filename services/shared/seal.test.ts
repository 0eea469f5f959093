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
