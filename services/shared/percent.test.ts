import { expect, it } from "vitest";
import { formatPercent } from "./percent";

it("shows a fraction as a percentage with the places asked for, exactly", () => {
  expect(formatPercent("0.100000")).toBe("10.00%");
  expect(formatPercent("0.0888")).toBe("8.88%");
  expect(formatPercent("0.0005", 3)).toBe("0.050%");
  expect(formatPercent("0.10", 0)).toBe("10%");
  expect(formatPercent(null)).toBe("");
});
