import { expect, it } from "vitest";
import { dueRuns } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { chooseStartDate } from "./choose-start-date";

describeEachDatabase("where a simulation starts", (ctx) => {
  it("starts `days` before today on a fresh operator, continues after the history otherwise, and refuses an explicit start inside it", async () => {
    const operator = await createTestOperator(ctx.db, "simstart");
    expect(await chooseStartDate(ctx.db, { operatorSlug: "simstart", days: 60, today: "2026-12-03" })).toEqual({ start: "2026-10-04", continuesAfter: null });
    // An earlier run simulated up to yesterday (its last day's due run was killed half-way, still running).
    await ctx.db.insert(dueRuns).values([
      { operatorId: operator.id, runDate: "2026-12-01", status: "done", step: "done", progress: {} },
      { operatorId: operator.id, runDate: "2026-12-02", status: "running", step: "accrual", progress: {} },
    ]);
    expect(await chooseStartDate(ctx.db, { operatorSlug: "simstart", days: 60, today: "2026-12-03" })).toEqual({ start: "2026-12-03", continuesAfter: "2026-12-02" });
    await expect(chooseStartDate(ctx.db, { operatorSlug: "simstart", days: 60, today: "2026-12-03", requested: "2026-11-01" })).rejects.toThrow("start on 2026-12-03 or later");
    expect(await chooseStartDate(ctx.db, { operatorSlug: "simstart", days: 60, today: "2026-12-03", requested: "2027-01-01" })).toEqual({ start: "2027-01-01", continuesAfter: null });
  });
});
