import { describe, expect, it } from "vitest";
import { lookupHash, piiIndex } from "./lookup-hash";

const key = new Uint8Array(32).fill(7);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("look-up hashes", () => {
  it("are exactly the stored derivations (values computed by the helpers they came from)", () => {
    expect(hex(lookupHash(key, "id_number", "X"))).toBe("c147d70b6dfedcb96ea61235ba13e5b25d7cf69d16a922ea2240d2b1f758a2ba");
    expect(hex(piiIndex(key, "id-number", "X"))).toBe("89122cda02ea652c1c748feeb2a1b4666fb4446887fdbfca9541f0f98ec97d6a");
  });
});
