import { describe, expect, it } from "vitest";
import { maskPhone } from "./mask-phone";

describe("the phone mask", () => {
  it("keeps the first three and last four digits of a mainland mobile number", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("18600000003")).toBe("186****0003");
  });
  it("never shows a number it does not recognise in full", () => {
    for (const odd of ["", "1381234567", "+8613812345678", "138-1234-5678"]) expect(maskPhone(odd), odd).toBe("****");
  });
});
