import { describe, expect, it } from "vitest";
import { acs3Signature, canonicalRequest, parseAcs3Authorization, percentEncode, signaturesEqual } from "./acs3-signature";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("ACS3-HMAC-SHA256", () => {
  it("reproduces the worked example of the provider's V3 signature documentation", () => {
    // The documentation's RunInstances request, signed with the key pair YourAccessKeyId /
    // YourAccessKeySecret, shows Signature=e521358f…804.
    const canonical = canonicalRequest({
      method: "POST",
      path: "/",
      query: [
        ["RegionId", "cn-shanghai"],
        ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
      ],
      headers: {
        host: "ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action": "RunInstances",
        "x-acs-content-sha256": EMPTY_SHA256,
        "x-acs-date": "2023-10-26T09:01:01Z",
        "x-acs-signature-nonce": "d410180a5abf7fe235dd9b74aca91fc0",
        "x-acs-version": "2014-05-26",
      },
      signedHeaders: ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"],
      payloadSha256Hex: EMPTY_SHA256,
    });
    expect(canonical.split("\n")[2]).toBe("ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai");
    expect(acs3Signature("YourAccessKeySecret", canonical)).toBe("e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804");
    expect(acs3Signature("another secret", canonical)).not.toBe("e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804");
  });

  it("encodes as RFC 3986 with the provider's exceptions", () => {
    expect(percentEncode("a b*c~d")).toBe("a%20b%2Ac~d");
    expect(percentEncode('{"code":"1"}')).toBe("%7B%22code%22%3A%221%22%7D");
    expect(percentEncode("联通")).toBe("%E8%81%94%E9%80%9A");
  });

  it("parses the Authorization header and refuses malformed ones", () => {
    const sig = "a".repeat(64);
    expect(parseAcs3Authorization(`ACS3-HMAC-SHA256 Credential=id1,SignedHeaders=host;x-acs-date,Signature=${sig}`)).toEqual({
      accessKeyId: "id1",
      signedHeaders: ["host", "x-acs-date"],
      signature: sig,
    });
    expect(parseAcs3Authorization(undefined)).toBeNull();
    expect(parseAcs3Authorization(`HMAC-SHA1 Credential=id1,SignedHeaders=host,Signature=${sig}`)).toBeNull();
    expect(parseAcs3Authorization("ACS3-HMAC-SHA256 Credential=id1,SignedHeaders=host,Signature=zz")).toBeNull();
    expect(signaturesEqual(sig, sig)).toBe(true);
    expect(signaturesEqual(sig, "b".repeat(64))).toBe(false);
    expect(signaturesEqual(sig, "")).toBe(false);
  });
});
