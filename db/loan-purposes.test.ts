import { describe, expect, it } from "vitest";
import { loanPurposeEnum } from "./schema";
import { isLoanPurpose, LOAN_PURPOSES } from "./loan-purposes";

describe("the loan-purpose list", () => {
  it("is the database enum's list", () => {
    expect(loanPurposeEnum.enumValues).toEqual([...LOAN_PURPOSES]);
  });
  it("recognises its members only", () => {
    expect(LOAN_PURPOSES.every(isLoanPurpose)).toBe(true);
    expect(isLoanPurpose("holiday")).toBe(false);
  });
});
