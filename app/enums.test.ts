import { describe, expect, it } from "vitest";
import * as enums from "../db/enums";
import { borrowing, investing, lending } from "./services.server";

// Pages take their lists from db/enums.ts. A few services still define their own copy; until
// they import db/enums too, this keeps both in step (same values, same order).
describe("db/enums and the services' own lists", () => {
  it("agree", () => {
    expect([...borrowing.APPLICATION_STEPS]).toEqual([...enums.APPLICATION_STEPS]);
    expect([...lending.REPAYMENT_METHODS]).toEqual([...enums.REPAYMENT_METHODS]);
    expect([...investing.RISK_GRADES]).toEqual([...enums.RISK_GRADES]);
  });
});
