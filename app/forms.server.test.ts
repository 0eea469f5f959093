import { describe, expect, it } from "vitest";
import { DomainError } from "../services/shared/errors";
import { domainErrorToFieldErrors, errorParams } from "./forms.server";

describe("error messages' parameters", () => {
  it("show amounts in the one money format and leave counts and codes alone", () => {
    expect(errorParams({ outstanding: "50000.00", cap: "200000.00", count: 3, days: "7", code: "S001", rate: "0.500000" })).toEqual({
      outstanding: "¥50,000.00",
      cap: "¥200,000.00",
      count: 3,
      days: "7",
      code: "S001",
      rate: "0.500000",
    });
  });

  it("a domain error becomes a message beside its field with formatted amounts", () => {
    const error = new DomainError("review.exposure_cap", { field: "finalAmount", details: { outstanding: "190000.00", cap: "200000.00" } });
    expect(domainErrorToFieldErrors(error)).toEqual({ finalAmount: { key: "error.review.exposure_cap", params: { outstanding: "¥190,000.00", cap: "¥200,000.00" } } });
  });
});
